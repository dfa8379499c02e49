import Hummingbird

/// Times every HTTP request from its arrival to the last byte of its answer (errors too) and
/// records it in the `LatencyBook` under its route's template, for the contract's response-time
/// report.
struct LatencyMiddleware<Context: RequestContext>: RouterMiddleware {
    let book: LatencyBook

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        let book = self.book
        do {
            var response = try await next(request, context)
            let route = LatencyBook.route(method: method, path: context.endpointPath)
            let body = response.body
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                let written = body
                try await written.write(writer)
                book.record(route: route, microseconds: Self.microseconds(since: start))
            }
            return response
        } catch {
            book.record(route: LatencyBook.route(method: method, path: context.endpointPath), microseconds: Self.microseconds(since: start))
            throw error
        }
    }

    static func microseconds(since start: ContinuousClock.Instant) -> UInt64 {
        let elapsed = ContinuousClock.now - start
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        return UInt64(max(0, micros))
    }
}

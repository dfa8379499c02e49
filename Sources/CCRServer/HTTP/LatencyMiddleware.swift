import Hummingbird

/// Times every HTTP request from its arrival to the last byte of its answer (errors too) and
/// records it in the `LatencyBook` under its route's template, for the contract's response-time
/// report.
struct LatencyMiddleware<Context: RequestContext>: RouterMiddleware {
    let book: LatencyBook
    let metrics: ServiceMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        let method = request.method.rawValue
        let (book, metrics) = (self.book, self.metrics)
        do {
            var response = try await next(request, context)
            let route = LatencyBook.route(method: method, path: context.endpointPath)
            let body = response.body
            response.body = ResponseBody(contentLength: body.contentLength) { writer in
                let written = body
                try await written.write(writer)
                let elapsed = Self.microseconds(since: start)
                book.record(route: route, microseconds: elapsed)
                metrics.recordRequest(route: route, microseconds: elapsed)
            }
            return response
        } catch {
            let (route, elapsed) = (LatencyBook.route(method: method, path: context.endpointPath), Self.microseconds(since: start))
            book.record(route: route, microseconds: elapsed)
            metrics.recordRequest(route: route, microseconds: elapsed)
            throw error
        }
    }

    static func microseconds(since start: ContinuousClock.Instant) -> UInt64 {
        let elapsed = ContinuousClock.now - start
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        return UInt64(max(0, micros))
    }
}

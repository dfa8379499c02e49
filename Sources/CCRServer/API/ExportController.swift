import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdAuth
import Logging
import NIOCore

/// `GET /v1/export?agent=&team=&caller=&from=&to=&format=ndjson|csv`: every matching stored call,
/// streamed a page at a time (memory does not grow with the export). Admins export anything,
/// supervisors their teams' calls. Shapes: docs/export.md.
struct ExportController {
    typealias Context = APIRequestContext
    let archive: any CallArchive
    let journal: AccessJournal

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        routes.group().add(middleware: RoleRequirement(.supervisor, .admin)).get(use: export)
        return routes
    }

    @Sendable func export(request: Request, context: Context) async throws -> Response {
        let principal = try context.requireIdentity()
        let query = try CallQuery(request, principal: principal)
        let formatName = request.uri.queryParameters["format"].map(String.init) ?? "ndjson"
        guard let format = ExportFormat(rawValue: formatName) else {
            throw APIError.badRequest("format must be ndjson or csv")
        }
        try await journal.record(context, action: "export", detail: journal.describe(query.filter, format: format.rawValue))
        let archive = self.archive
        let filter = query.filter
        let logger = context.logger
        let body = ResponseBody { writer in
            if let header = format.header { try await writer.write(ByteBuffer(string: header)) }
            var cursor: CallCursor?
            var count = 0
            repeat {
                let page: (calls: [CallDetail], next: CallCursor?)
                do {
                    page = try await archive.exportPage(matching: filter, after: cursor, limit: Store.exportPageSize)
                } catch {
                    // Headers are gone: cut the response so the client sees it is incomplete.
                    logger.error("export failed midway; response cut short", metadata: ["error": "\(error)", "export.calls": "\(count)"])
                    throw error
                }
                var buffer = ByteBuffer()
                for call in page.calls { buffer.writeString(try format.encode(call)) }
                try await writer.write(buffer)
                count += page.calls.count
                cursor = page.next
            } while cursor != nil
            try await writer.finish(nil)
        }
        let name = "ccrd-export-\(Date().formatted(.iso8601.year().month().day())).\(format.rawValue)"
        return Response(
            status: .ok,
            headers: [.contentType: format.contentType, .contentDisposition: "attachment; filename=\"\(name)\""],
            body: body)
    }
}

import CCRServer
import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Fuzz target: the query of `GET /v1/calls`, `/v1/export` and `/v1/agents/{id}/summary` (times,
/// scores, limits, cursors, filters) and of `/v1/live`, read as the API reads them.
public enum QueryParsing {
    public static func run(_ data: [UInt8]) {
        let query = String(decoding: data, as: UTF8.self)
        for path in ["/v1/calls?", "/v1/live?"] {
            let request = Request(
                head: HTTPRequest(method: .get, scheme: "http", authority: "localhost", path: path + query),
                body: RequestBody(buffer: ByteBuffer()))
            InputParsers.parseQuery(request)
        }
        if let time = CallFilter.time(query) {
            precondition(CallFilter.timeRange.contains(time.timeIntervalSince1970))
            _ = Store.milliseconds(time)
        }
        _ = CallCursor(text: query)
    }
}

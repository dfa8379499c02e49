import Hummingbird
import HummingbirdCore

/// What a client asked for in the `/v1/live` URL: where to resume and what to receive.
struct LiveRequest: Sendable {
    var since: UInt64?
    var filter: LiveFilter

    init(_ uri: URI) throws(LiveRequestError) {
        let query = uri.queryParameters
        func list(_ key: String) -> [String]? {
            query[key[...]].map { $0.split(separator: ",").map { String($0) } }
        }
        if let text = query["since"] {
            guard let value = UInt64(text) else {
                throw .invalid("since '\(text)' is not a sequence number (a whole number ≥ 0)")
            }
            since = value
        }
        filter = try LiveFilter(
            teams: list("teams"), agents: list("agents"), calls: list("calls"), minSeverity: query["minSeverity"].map(String.init),
            kinds: list("kinds"))
    }
}

import CCRStore
import Hummingbird

/// The API's parsers of what clients send, reachable from outside the module so the fuzz
/// targets (Fuzz/) drive exactly the code requests go through. Errors are the point: each must
/// be a clear refusal, never a crash.
public enum InputParsers {
    /// Reads a request's query as `GET /v1/calls` does (filters, times, scores, limit, cursor),
    /// for a supervisor and for an admin; and as `/v1/live` does.
    public static func parseQuery(_ request: Request) {
        for principal in [
            Principal(tokenId: "fuzz", role: .supervisor, teams: ["blue"]), Principal(tokenId: "fuzz", role: .admin, teams: []),
        ] {
            _ = try? CallQuery(request, principal: principal)
        }
        _ = try? LiveRequest(request.uri)
    }

    /// Hands `text` to a live subscription as a message from its client.
    public static func liveMessage(_ text: String) {
        let hub = LiveHub(settings: LiveSettings(), firstSeq: 0)
        let subscription = hub.subscribe(
            principal: Principal(tokenId: "fuzz", role: .supervisor, teams: ["blue"]), filter: LiveFilter(), since: nil)
        subscription.receive(text)
        subscription.close()
    }
}

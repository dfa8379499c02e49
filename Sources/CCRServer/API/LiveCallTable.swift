import CCRMedia

/// What the call API needs of the calls being ingested: start and end one, read one or all,
/// count them. The `Switchboard` is the one that ships.
public protocol LiveCallTable: Sendable {
    /// Calls live now (`/healthz`).
    var liveCount: Int { get }
    func startCall(_ request: CallRequest) async throws(IngestError) -> CallSnapshot
    func endCall(_ id: String, reason: EndReason) async -> CallSnapshot?
    func call(_ id: String) async -> CallSnapshot?
    func liveCalls() async -> [CallSnapshot]
}

extension Switchboard: LiveCallTable {}

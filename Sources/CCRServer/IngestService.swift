import CCRMedia
import ServiceLifecycle

/// Runs RTP ingest for the life of the daemon: on shutdown it ends every live call.
public struct IngestService: Service {
    let switchboard: Switchboard

    public init(switchboard: Switchboard) {
        self.switchboard = switchboard
    }

    public func run() async throws {
        // Static lines are opened before the server starts (see buildApplication), so a
        // taken port stops ccrd at once; here we only wait for the end.
        try? await gracefulShutdown()
        await switchboard.closeAll(reason: .shutdown)
    }
}

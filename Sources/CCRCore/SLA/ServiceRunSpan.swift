/// One run of ccrd as the service-level arithmetic sees it: when it started, when it ended
/// (its clean stop, or its last heartbeat after a crash), and whether it stopped cleanly.
public struct ServiceRunSpan: Sendable, Hashable {
    public var started: WallTime
    public var ended: WallTime
    public var cleanStop: Bool

    public init(started: WallTime, ended: WallTime, cleanStop: Bool) {
        self.started = started
        self.ended = ended
        self.cleanStop = cleanStop
    }
}

/// One call's part of a write batch: its row, the windows scored since its last checkpoint,
/// the alerts raised or cleared since then, and (when it ended) its legs' figures.
public struct CallCheckpoint: Sendable {
    public var call: StoredCall
    public var windows: [TimelineWindow]
    public var alerts: [StoredAlert]
    public var legs: [StoredLeg]
    /// Who spoke when, once the call has ended.
    public var activity: CallActivity?

    public init(
        call: StoredCall, windows: [TimelineWindow] = [], alerts: [StoredAlert] = [], legs: [StoredLeg] = [], activity: CallActivity? = nil
    ) {
        self.activity = activity
        self.call = call
        self.windows = windows
        self.alerts = alerts
        self.legs = legs
    }
}

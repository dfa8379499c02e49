/// A call waiting for a supervisor's validation: ended, never reviewed, with how many critical
/// alerts it raised (those come first in the queue, then the lowest scores).
public struct ReviewQueueEntry: Sendable, Equatable {
    public var call: StoredCall
    public var criticalAlerts: Int

    public init(call: StoredCall, criticalAlerts: Int) {
        self.call = call
        self.criticalAlerts = criticalAlerts
    }
}

/// Whether an incident was taken in charge within its deadline: met, breached (taken late, or
/// not taken and the deadline has passed), or still pending.
public enum IncidentOutcome: String, Sendable, Hashable, Codable {
    case met
    case breached
    case pending

    public init(deadline: WallTime?, acknowledged: WallTime?, now: WallTime) {
        guard let deadline else {
            self = acknowledged == nil ? .pending : .met
            return
        }
        if let acknowledged {
            self = acknowledged <= deadline ? .met : .breached
        } else {
            self = now > deadline ? .breached : .pending
        }
    }
}

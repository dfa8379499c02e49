import CCRCore
import CCRStore

/// A month's incidents against the contract: per priority, how many were taken in charge in
/// time, late, or are still within their deadline, and the share in time against the objective.
public struct IncidentFigures: Encodable, Sendable {
    public struct Priority: Encodable, Sendable {
        public var priority: String
        /// Business hours allowed to take it in charge.
        public var targetBusinessHours: Double
        public var count: Int
        public var met: Int
        public var breached: Int
        public var pending: Int
    }

    /// `standard` or `crm360`.
    public var contract: String
    public var objectivePercent: Double
    public var byPriority: [Priority]
    /// Met / (met + breached); nil when none is decided yet.
    public var withinTargetPercent: Double?
    public var objectiveMet: Bool?

    public init(_ incidents: [Incident], contract: IncidentContract, now: WallTime) {
        self.contract = contract.name
        objectivePercent = contract.objective * 100
        byPriority = IncidentPriority.allCases.map { priority in
            let outcomes = incidents.filter { $0.priority == priority }.map { $0.outcome(now: now) }
            return Priority(
                priority: priority.rawValue, targetBusinessHours: Double(contract.takeInCharge[priority] ?? 0) / 3_600_000,
                count: outcomes.count, met: outcomes.filter { $0 == .met }.count, breached: outcomes.filter { $0 == .breached }.count,
                pending: outcomes.filter { $0 == .pending }.count)
        }
        let met = byPriority.reduce(0) { $0 + $1.met }
        let decided = met + byPriority.reduce(0) { $0 + $1.breached }
        withinTargetPercent = decided == 0 ? nil : Double(met) / Double(decided) * 100
        objectiveMet = withinTargetPercent.map { $0 >= objectivePercent }
    }
}

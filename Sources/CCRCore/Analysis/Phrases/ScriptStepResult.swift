/// How one script step went in a call: said on time, late, out of order, not said — or not
/// heard (part of the agent's speech could not be transcribed, so "not said" cannot be claimed).
public struct ScriptStepResult: Sendable, Equatable, Codable {
    /// What became of the step.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case onTime
        /// Said, but after its deadline ("within 15 s") or before its window ("in the last 60 s").
        case late
        /// Said after a later step of the script.
        case outOfOrder
        /// Not said.
        case missed
        /// Not found, but some of the agent's speech went untranscribed: left out of the score.
        case notHeard
    }

    public var step: String
    public var status: Status
    /// When it was first said, media seconds; nil when it was not.
    public var at: Double?
    /// Its deadline as people read it: "within 15 s", "in the last 60 s", "any time".
    public var deadline: String
    public var weight: Double

    public init(step: String, status: Status, at: Double?, deadline: String, weight: Double) {
        self.step = step
        self.status = status
        self.at = at
        self.deadline = deadline
        self.weight = weight
    }

    /// Its value as a scorecard criterion: 1 on time, 0.5 late or out of order, 0 missed, nil not heard.
    public var value: Double? {
        switch status {
        case .onTime: 1
        case .late, .outOfOrder: 0.5
        case .missed: 0
        case .notHeard: nil
        }
    }
}

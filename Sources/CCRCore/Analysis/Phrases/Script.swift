/// A reference script: the steps an agent is expected to go through, in order, in one language,
/// for one team (or every team without its own).
public struct Script: Sendable, Equatable {
    /// The team it is for; nil for every team that has none of its own.
    public var team: String?
    public var language: String
    public var steps: [ScriptStep]

    public init(team: String? = nil, language: String, steps: [ScriptStep]) {
        self.team = team
        self.language = language
        self.steps = steps
    }
}

/// One step of a team's reference script (greeting, identification, needs, solution,
/// closing): how the agent may say it, and when it must be said.
public struct ScriptStep: Sendable, Equatable {
    /// The step's name, e.g. "greeting"; also its phrase's id.
    public var id: String { phrase.id }
    /// The accepted phrasings.
    public var phrase: Phrase
    /// Said within this many seconds of the call's start ("greeting within the first 15 s").
    public var withinSeconds: Double?
    /// Said in the call's last this many seconds ("closing in the last 60 s").
    public var lastSeconds: Double?
    /// Weight of the step among the scorecard's criteria.
    public var weight: Double

    public init(phrase: Phrase, withinSeconds: Double? = nil, lastSeconds: Double? = nil, weight: Double = 1) {
        self.phrase = phrase
        self.withinSeconds = withinSeconds
        self.lastSeconds = lastSeconds
        self.weight = weight
    }

    /// "within 15 s", "in the last 60 s", "any time".
    public var deadline: String {
        var parts: [String] = []
        if let withinSeconds { parts.append("within \(Scorecard.Criterion.format(withinSeconds)) s") }
        if let lastSeconds { parts.append("in the last \(Scorecard.Criterion.format(lastSeconds)) s") }
        return parts.isEmpty ? "any time" : parts.joined(separator: ", ")
    }
}

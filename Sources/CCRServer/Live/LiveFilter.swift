import CCRCore

/// What a live client asked to receive. Empty sets mean "all" (within what its token may see).
public struct LiveFilter: Sendable, Equatable, Encodable {
    /// Groups of event types a client can ask for.
    public enum Kind: String, Sendable, Codable, CaseIterable, Comparable {
        /// call.started, call.ended
        case calls
        /// window.scored
        case windows
        /// alert.raised, alert.cleared
        case alerts
        /// leg.agitation
        case agitation
        /// maintenance.scheduled, maintenance.cancelled (service notices)
        case maintenance
        /// incident.opened, incident.closed, incident.acknowledged (service notices, admins only)
        case incidents
        /// transcript.segment
        case transcripts
        /// phrase.detected, call.phrases
        case phrases

        init(_ event: CallEvent) {
            switch event {
            case .callStarted, .callEnded, .callOpened, .callClosed: self = .calls
            case .windowScored: self = .windows
            case .alertRaised, .alertCleared: self = .alerts
            case .agitationEpisode: self = .agitation
            case .transcriptSegment, .utterance, .transcriptGap, .transcriptProgress: self = .transcripts
            case .phraseDetected, .callPhrases: self = .phrases
            }
        }

        public static func < (lhs: Kind, rhs: Kind) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    public var teams: Set<String> = []
    public var agents: Set<String> = []
    public var calls: Set<String> = []
    /// Alerts below this severity are left out; other kinds are not affected.
    public var minSeverity: Severity?
    public var kinds: Set<Kind> = Set(Kind.allCases)

    public init() {}

    /// Whether an event passes this filter (scope is checked separately). Service notices are
    /// about no call: only `kinds` applies to them.
    func admits(_ envelope: LiveEnvelope) -> Bool {
        guard kinds.contains(envelope.kind) else { return false }
        if envelope.audience != .call { return true }
        if !calls.isEmpty && !calls.contains(envelope.callId) { return false }
        if !teams.isEmpty && !(envelope.team.map(teams.contains) ?? false) { return false }
        if !agents.isEmpty && !(envelope.agentId.map(agents.contains) ?? false) { return false }
        if let minSeverity, let severity = envelope.severity, severity < minSeverity { return false }
        return true
    }

    /// Whether a live call belongs in this client's snapshot.
    func admits(call: LiveCallState) -> Bool {
        if !calls.isEmpty && !calls.contains(call.callId) { return false }
        if !teams.isEmpty && !(call.team.map(teams.contains) ?? false) { return false }
        if !agents.isEmpty && !agents.contains(call.agentId) { return false }
        return true
    }

    private enum CodingKeys: String, CodingKey { case teams, agents, calls, minSeverity, kinds }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(teams.sorted(), forKey: .teams)
        try container.encode(agents.sorted(), forKey: .agents)
        try container.encode(calls.sorted(), forKey: .calls)
        try container.encodeIfPresent(minSeverity, forKey: .minSeverity)
        try container.encode(kinds.sorted(), forKey: .kinds)
    }
}

extension LiveFilter {
    /// Builds a filter from lists of words, as they come from a query string or a subscribe
    /// message; throws a message for the client on an unknown severity or kind.
    init(teams: [String]?, agents: [String]?, calls: [String]?, minSeverity: String?, kinds: [String]?) throws(LiveRequestError) {
        self.init()
        self.teams = Set((teams ?? []).filter { !$0.isEmpty })
        self.agents = Set((agents ?? []).filter { !$0.isEmpty })
        self.calls = Set((calls ?? []).filter { !$0.isEmpty })
        if let minSeverity, !minSeverity.isEmpty {
            guard let severity = Severity(rawValue: minSeverity) else {
                throw .invalid("minSeverity '\(minSeverity)' is not one of info, warning, critical")
            }
            self.minSeverity = severity
        }
        if let kinds, !kinds.filter({ !$0.isEmpty }).isEmpty {
            var chosen = Set<Kind>()
            for word in kinds where !word.isEmpty {
                guard let kind = Kind(rawValue: word) else {
                    throw .invalid("kind '\(word)' is not one of \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                chosen.insert(kind)
            }
            self.kinds = chosen
        }
    }
}

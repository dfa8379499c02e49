/// The state of a two-leg conversation built from each leg's speech segments: who talks,
/// dead air, overtalk, interruptions, turns, the agent's monologues, response latency.
///
/// Transitions arrive dated back to where the speech starts or ends (see
/// `VoiceActivityDetector`), so every duration is measured from the speech itself.
/// A leg the call does not have is silent throughout.
public struct Conversation: Sendable {
    /// Durations in frames that define the events.
    static let deadAirSpanFrames: Int64 = 100  // silences ≥ 2 s are listed
    static let interruptedSpeechFrames: Int64 = 50  // the other's turn had gone on ≥ 1 s
    static let interruptingSpeechFrames: Int64 = 25  // and the interrupter keeps on ≥ 0.5 s
    /// Segments of a leg that follow each other within this (1 s) are one turn: a leg that was
    /// talked over and goes on resumes its own turn (not an interruption of the leg that cut in).
    /// In noise a pause inside a line can outlast the detector's 360 ms hold where the same pause
    /// is bridged clean.
    static let resumedTurnFrames: Int64 = 50
    /// A leg that comes in during a pause this short (0.5 s) of a leg that then goes on cut
    /// into its turn; in a longer pause it was a reply (the turn looked given up).
    static let cutInPauseFrames: Int64 = 25
    static let turnBreakFrames: Int64 = 100  // 2 s of dead air ends the agent's turn
    /// Events kept in each list (the oldest go first); totals are kept apart.
    static let maxRecorded = 1000

    struct LegState: Sendable {
        var speaking = false
        var speechStart: Int64 = 0
        /// Where the leg's turn began: its segments that follow each other within
        /// `resumedTurnFrames` are one turn.
        var turnStart: Int64 = 0
        var silentSince: Int64 = 0
        var talkFrames: Int64 = 0
    }

    private var agent = LegState()
    private var customer = LegState()
    /// Silences ≥ 2 s, in order.
    public private(set) var deadAirSpans: [Span] = []
    /// Both legs speaking, in order.
    public private(set) var overtalkSpans: [Span] = []
    public private(set) var overtalkFrames: Int64 = 0
    /// Longest finished silence of both legs, any length, frames.
    public private(set) var longestDeadAirFrames: Int64 = 0
    public private(set) var interruptions: [Interruption] = []
    /// Times the floor changed hands (the first speaker counts as one turn).
    public private(set) var turns = 0
    /// The agent's finished turns (monologues), in order.
    public private(set) var agentTurns: [Span] = []
    /// Customer stops → agent starts, seconds.
    public private(set) var responseLatencies: [Double] = []
    /// Each leg's speech segments, in order (the last `maxRecorded`).
    public private(set) var segments: [Leg: [Span]] = [:]
    /// Interruptions by each leg, all of them (the list keeps the last `maxRecorded`).
    public private(set) var interruptionCount: [Leg: Int] = [:]
    /// The agent's longest finished turn, frames.
    public private(set) var longestAgentTurnFrames: Int64 = 0
    /// Frames a segment's end is reported after it happened (the detector's minimum silence):
    /// a leg that looks like it is speaking may have stopped up to this long ago.
    private let confirmationFrames: Int64

    private var floor: Leg?
    private var agentTurnStart: Int64?
    private var lastCustomerEnd: Int64?
    private var pendingInterruption: [Leg: Int64] = [:]
    private(set) var now: Int64 = 0

    public init(confirmationFrames: Int = 15) {
        self.confirmationFrames = Int64(max(1, confirmationFrames))
    }

    private static func append<T>(_ value: T, to list: inout [T]) {
        list.append(value)
        if list.count > maxRecorded { list.removeFirst(list.count - maxRecorded) }
    }

    private mutating func recordInterruption(by leg: Leg, at start: Int64) {
        Self.append(Interruption(by: leg, at: Seconds.of(start)), to: &interruptions)
        interruptionCount[leg, default: 0] += 1
    }

    private mutating func recordAgentTurn(_ span: Span) {
        Self.append(span, to: &agentTurns)
        longestAgentTurnFrames = max(longestAgentTurnFrames, Seconds.frames(span.length))
    }

    private func state(_ leg: Leg) -> LegState { leg == .agent ? agent : customer }

    private mutating func update(_ leg: Leg, _ body: (inout LegState) -> Void) {
        if leg == .agent { body(&agent) } else { body(&customer) }
    }

    /// Whether a leg is speaking now.
    public func isSpeaking(_ leg: Leg) -> Bool { state(leg).speaking }

    /// Whether `leg`, starting at `start` while the other speaks, goes on with the speech the
    /// other cut into: its last segment was still going when the other began, lasted long
    /// enough to be speech of its own (a backchannel does not), and it paused only briefly.
    private func resumesOwnTurn(_ leg: Leg, at start: Int64) -> Bool {
        let mine = state(leg)
        return mine.silentSince - mine.speechStart >= Self.interruptingSpeechFrames
            && mine.silentSince > state(leg.other).speechStart && start - mine.silentSince < Self.resumedTurnFrames
    }

    /// Whether the other leg, speaking now, began inside a brief pause of `leg` (which goes on
    /// at `start`) after `leg` had spoken for a second or more: it cut into `leg`'s turn, as it
    /// would have had the pause been bridged.
    private func cutInDuringPause(of leg: Leg, resumingAt start: Int64) -> Bool {
        let mine = state(leg)
        let othersStart = state(leg.other).speechStart
        return pendingInterruption[leg.other] == nil && othersStart >= mine.silentSince
            && othersStart - mine.turnStart >= Self.interruptedSpeechFrames
            && mine.silentSince - mine.speechStart >= Self.interruptingSpeechFrames
            && start - mine.silentSince < Self.cutInPauseFrames
    }

    /// A leg started speaking at frame `start`.
    public mutating func speechStarted(_ leg: Leg, at start: Int64) {
        let other = state(leg.other)
        if !other.speaking {
            let silence = max(state(leg).silentSince, other.silentSince)
            longestDeadAirFrames = max(longestDeadAirFrames, start - silence)
            if start - silence >= Self.deadAirSpanFrames { Self.append(Span(from: silence, to: start), to: &deadAirSpans) }
        } else if start - other.turnStart >= Self.interruptedSpeechFrames && !resumesOwnTurn(leg, at: start) {
            pendingInterruption[leg] = start
        } else if cutInDuringPause(of: leg, resumingAt: start) {
            pendingInterruption[leg.other] = other.speechStart
        }
        let continuesTurn = state(leg).talkFrames > 0 && start - state(leg).silentSince < Self.resumedTurnFrames
        update(leg) {
            $0.speaking = true
            $0.speechStart = start
            if !continuesTurn { $0.turnStart = start }
        }
        if leg == .agent, let customerEnd = lastCustomerEnd {
            if !other.speaking && start >= customerEnd {
                Self.append(Seconds.of(start - customerEnd), to: &responseLatencies)
            }
            lastCustomerEnd = nil
        }
        if !other.speaking { take(leg, at: start) }
    }

    /// A leg stopped speaking; `end` is its first silent frame.
    public mutating func speechEnded(_ leg: Leg, at end: Int64) {
        let mine = state(leg)
        guard mine.speaking else { return }
        let other = state(leg.other)
        if other.speaking {
            let start = max(mine.speechStart, other.speechStart)
            if end > start {
                Self.append(Span(from: start, to: end), to: &overtalkSpans)
                overtalkFrames += end - start
            }
        }
        if let start = pendingInterruption.removeValue(forKey: leg), end - start >= Self.interruptingSpeechFrames {
            recordInterruption(by: leg, at: start)
        }
        // Ends are reported late: the other leg may have started only after this one stopped.
        // Then it was a reply, not an interruption.
        if let otherStart = pendingInterruption[leg.other], otherStart >= end {
            pendingInterruption[leg.other] = nil
        }
        Self.append(Span(from: mine.speechStart, to: max(mine.speechStart, end)), to: &segments[leg, default: []])
        update(leg) {
            $0.speaking = false
            $0.talkFrames += max(0, end - $0.speechStart)
            $0.silentSince = end
        }
        if leg == .customer {
            lastCustomerEnd = end
            if other.speaking {
                // The agent's start was applied first although it came later: a reply.
                if other.speechStart >= end {
                    Self.append(Seconds.of(other.speechStart - end), to: &responseLatencies)
                }
                lastCustomerEnd = nil
            }
        }
        if other.speaking && floor == leg { take(leg.other, at: max(end, other.speechStart)) }
    }

    /// Advances to frame `index` (after its transitions).
    public mutating func step(to index: Int64) {
        now = index
        // Still speaking long enough that an end, reported late, could not be earlier.
        let confirmed = Self.interruptingSpeechFrames + confirmationFrames - 1
        for (leg, start) in pendingInterruption where state(leg).speaking && index - start >= confirmed {
            recordInterruption(by: leg, at: start)
            pendingInterruption[leg] = nil
        }
        if let turnStart = agentTurnStart, !agent.speaking, !customer.speaking,
            index - max(agent.silentSince, customer.silentSince) >= Self.turnBreakFrames
        {
            recordAgentTurn(Span(from: turnStart, to: max(turnStart, agent.silentSince)))
            agentTurnStart = nil
            floor = nil
        }
    }

    /// The call ended at `now`: records the dead air and the agent turn still open.
    public mutating func close() {
        if let start = deadAirStart {
            longestDeadAirFrames = max(longestDeadAirFrames, now - start)
            if now - start >= Self.deadAirSpanFrames { Self.append(Span(from: start, to: now), to: &deadAirSpans) }
        }
        if let span = openAgentTurn {
            recordAgentTurn(span)
            agentTurnStart = nil
        }
    }

    private mutating func take(_ leg: Leg, at time: Int64) {
        guard floor != leg else { return }
        if floor == .agent, let turnStart = agentTurnStart {
            recordAgentTurn(Span(from: turnStart, to: max(turnStart, min(agent.silentSince, time))))
            agentTurnStart = nil
        }
        floor = leg
        turns += 1
        if leg == .agent { agentTurnStart = time }
    }

    // MARK: Instantaneous figures at `now`

    /// Seconds both legs have been silent (0 while anyone speaks).
    public var currentDeadAir: Double {
        guard !agent.speaking, !customer.speaking else { return 0 }
        return Seconds.of(now - max(agent.silentSince, customer.silentSince))
    }

    /// When the current dead air began, frame index (nil while anyone speaks).
    var deadAirStart: Int64? {
        agent.speaking || customer.speaking ? nil : max(agent.silentSince, customer.silentSince)
    }

    /// Seconds both legs have been speaking at once, continuously.
    public var currentOvertalk: Double {
        guard agent.speaking, customer.speaking else { return 0 }
        return Seconds.of(now - max(agent.speechStart, customer.speechStart))
    }

    /// Length of the agent's current turn, seconds (0 when the agent does not hold the floor).
    public var currentAgentTurn: Double {
        guard let start = agentTurnStart else { return 0 }
        return Seconds.of((agent.speaking ? now : agent.silentSince) - start)
    }

    /// The current agent turn as a span, if any.
    var openAgentTurn: Span? {
        agentTurnStart.map { Span(from: $0, to: agent.speaking ? now : agent.silentSince) }
    }

    /// Seconds of speech of a leg so far.
    public func talkTime(_ leg: Leg) -> Double {
        let leg = state(leg)
        return Seconds.of(leg.talkFrames + (leg.speaking ? now - leg.speechStart : 0))
    }
}

extension Leg {
    /// The other direction of the call.
    public var other: Leg { self == .agent ? .customer : .agent }
}

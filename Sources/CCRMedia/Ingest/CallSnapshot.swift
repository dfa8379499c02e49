import CCRCore
import Foundation

/// The state of one call: who, when, each leg's transport statistics and activity, the analysis.
/// The API answers with its own response built from it.
public struct CallSnapshot: Sendable, Equatable {
    /// Whether a call is still receiving.
    public enum State: String, Sendable, Codable {
        case live
        case ended
    }

    /// The two legs; a one-leg (mixed mono) call has only one.
    public struct Legs: Sendable, Equatable {
        public var agent: LegStatistics?
        public var customer: LegStatistics?

        public init(agent: LegStatistics? = nil, customer: LegStatistics? = nil) {
            self.agent = agent
            self.customer = customer
        }
    }

    public var callId: String
    public var agentId: String
    public var team: String?
    /// The caller's number, when the gateway gave it.
    public var callerNumber: String?
    public var state: State
    public var endReason: EndReason?
    public var startedAt: Date
    public var endedAt: Date?
    /// Wall-clock seconds since start (or until end).
    public var durationSeconds: Double
    /// Whether a configured line started it (a static RTP line, an automatic PulseAudio line).
    public var isStatic: Bool
    public var legs: Legs
    /// How each leg sounds now (level, speech), as analysis hears it.
    public var activity: [Leg: LegActivity]
    /// Captured legs' counters (PulseAudio calls); empty for RTP calls.
    public var captures: [Leg: CaptureStatistics] = [:]
    /// Conversation state, window scores, alerts; the final score once ended.
    public var analysis: AnalysisSnapshot?

    public init(
        callId: String, agentId: String, team: String?, callerNumber: String? = nil, state: State, endReason: EndReason?, startedAt: Date,
        endedAt: Date?, durationSeconds: Double, isStatic: Bool, legs: Legs, activity: [Leg: LegActivity] = [:],
        analysis: AnalysisSnapshot? = nil
    ) {
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.callerNumber = callerNumber
        self.state = state
        self.endReason = endReason
        self.startedAt = startedAt
        self.endedAt = endedAt
        self.durationSeconds = durationSeconds
        self.isStatic = isStatic
        self.legs = legs
        self.activity = activity
        self.analysis = analysis
    }

    /// The state recorded for a call whose session could not be read (its loop was stopping).
    static func placeholder(for request: CallRequest) -> CallSnapshot {
        CallSnapshot(
            callId: request.callId, agentId: request.agentId, team: request.team,
            callerNumber: request.callerNumber, state: .ended, endReason: .shutdown,
            startedAt: Date(), endedAt: Date(), durationSeconds: 0, isStatic: false, legs: .init())
    }
}

extension CallSnapshot {
    /// The call as the store keeps it (the summary once analysis has one).
    public var record: CallRecord {
        CallRecord(
            callId: callId, agentId: agentId, team: team, callerNumber: callerNumber, isStatic: isStatic,
            startedAt: startedAt.timeIntervalSince1970, endedAt: endedAt?.timeIntervalSince1970, durationSeconds: durationSeconds,
            endReason: endReason?.rawValue,
            legs: [(Leg.agent, legs.agent), (.customer, legs.customer)].compactMap { leg, statistics in
                statistics?.record(leg, speechSeconds: activity[leg]?.speechSeconds ?? 0)
            },
            summary: analysis?.summary)
    }
}

extension LegStatistics {
    /// Estimated listening quality over the whole call (simplified E-model), once packets came.
    public var mos: Double? {
        transport.flatMap { NetworkQuality(from: nil, to: $0)?.mos }
    }

    /// The figures the store keeps of a leg.
    func record(_ leg: Leg, speechSeconds: Double) -> LegRecord {
        LegRecord(
            leg: leg, codec: codec.rawValue, packets: packets, bytes: bytes, lost: lost, duplicates: duplicates,
            reordered: reordered, late: late, malformed: malformed, jitterMs: jitterMs, mos: mos, decodedSeconds: decodedSeconds,
            concealedSeconds: concealedSeconds, speechSeconds: speechSeconds)
    }
}

import CCRCore
import CCRStore
import Foundation

/// Finalized calls as the recorder writes them: a 5-minute call has 60 scored windows (one
/// every 5 s), two legs, a summary, and on one call in five two alerts.
enum SyntheticCall {
    static let agents = (0..<1000).map { String(format: "agent-%04d", $0) }
    static let teams = (0..<20).map { "team-\($0)" }

    static let summary: StoredSummary = {
        var metrics = ConversationMetrics(from: 0, to: 300)
        metrics.talkRatio = 0.48
        metrics.agentTalkSeconds = 120
        metrics.customerTalkSeconds = 130
        return StoredSummary(
            metrics: metrics, turns: 40, interruptions: 2, deadAirSpans: 1, overtalkSpans: 3, meanResponseLatency: 0.9, note: nil)
    }()

    static let criteria: [Scorecard.CriterionResult] = Scorecard.standard.score(summary.metrics).criteria

    /// Call `index`, started `index` × `spacing` seconds after `base`.
    static func make(_ index: Int, base: Date, spacing: Double, windows: Int, withActivity: Bool = true) -> CallCheckpoint {
        let id = "bench-\(index)"
        let startedAt = base.addingTimeInterval(Double(index) * spacing)
        let agent = agents[index % agents.count]
        let team = teams[index % teams.count]
        var random = SplitMix(seed: UInt64(index))
        let score = Double(random.next() % 10_000) / 100
        var timeline: [TimelineWindow] = []
        timeline.reserveCapacity(windows)
        for number in 0..<windows {
            var metrics = ConversationMetrics(from: max(0, Double(number * 5 - 25)), to: Double(number * 5 + 5))
            metrics.talkRatio = 0.5
            metrics.longestDeadAirSeconds = Double(random.next() % 40) / 10
            metrics.mos = 4.2
            let result = Scorecard.standard.score(metrics)
            timeline.append(
                TimelineWindow(number: number, WindowScore(callId: id, window: metrics, score: result, cumulative: metrics, cumulativeScore: result)))
        }
        var alerts: [StoredAlert] = []
        if index % 5 == 0 {
            for (n, rule) in ["dead-air", "agitation"].enumerated() {
                let alert = Alert(
                    id: "\(rule)#\(n)", callId: id, rule: rule, metric: .deadAir, severity: .warning, condition: "deadAir > 10",
                    value: 11, raisedAt: 60, clearedAt: 75)
                alerts.append(StoredAlert(alert, agentId: agent, team: team, callerNumber: nil, callStartedAt: startedAt))
            }
        }
        let call = StoredCall(
            id: id, agentId: agent, team: team, callerNumber: "+4930\(1_000_000 + index % 900_000)", state: .ended,
            endReason: "bye", startedAt: startedAt, endedAt: startedAt.addingTimeInterval(300), durationSeconds: 300,
            mediaSeconds: 300, codecs: "agent:opus customer:opus", score: score, scorecardVersion: "standard-1",
            scoreDetail: criteria, summary: summary, alertCount: alerts.count, checkpointedAt: startedAt.addingTimeInterval(300))
        let legs = windows == 0 ? [] : ["agent", "customer"].map {
            StoredLeg(
                callId: id, leg: $0, codec: "opus", packets: 15_000, bytes: 1_500_000, lost: 12, duplicates: 0, reordered: 3, late: 1,
                malformed: 0, jitterMs: 3.1, mos: 4.3, decodedSeconds: 300, concealedSeconds: 0.24, speechSeconds: 120)
        }
        // What the call page draws (issue 19): a turn every 5 s, each leg speaking 2 s of it,
        // a 2 s silence every minute.
        let activity =
            windows == 0 || !withActivity
            ? nil
            : CallActivity(
                agentSpeech: (0..<60).map { Span(start: Double($0) * 5, length: 2) },
                customerSpeech: (0..<60).map { Span(start: Double($0) * 5 + 2.2, length: 2) },
                deadAir: (0..<5).map { Span(start: Double($0) * 60 + 4.2, length: 2) }, overtalk: [])
        return CallCheckpoint(call: call, windows: timeline, alerts: alerts, legs: legs, activity: activity)
    }
}

/// A small deterministic generator (SplitMix64), so runs are comparable.
struct SplitMix {
    var state: UInt64

    init(seed: UInt64) { state = seed &+ 0x9E37_79B9_7F4A_7C15 }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

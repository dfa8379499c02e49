import CCRCore
import CCRStore
import Foundation

/// Calls to store in tests: deterministic agents, teams, scores, windows and alerts.
enum CallFixtures {
    static let agents = ["alice", "bob", "carol", "dave"]
    static let teams: [String?] = ["blue", "green", nil]

    /// Call `index` of a set: started `index` minutes after `base`, agent and team by rotation,
    /// score 0...99 by `index % 100`, an alert of rule "dead air" on every 7th call.
    static func call(_ index: Int, base: Date, windows: Int = 3, caller: String? = nil) -> CallCheckpoint {
        let id = String(format: "call-%05d", index)
        let startedAt = base.addingTimeInterval(Double(index) * 60)
        let agent = agents[index % agents.count]
        let team = teams[index % teams.count]
        let score = Double(index % 100)
        var timeline: [TimelineWindow] = []
        for number in 0..<windows {
            var metrics = ConversationMetrics(from: Double(number * 5), to: Double(number * 5 + 30))
            metrics.talkRatio = 0.5
            let result = Scorecard.standard.score(metrics)
            timeline.append(
                TimelineWindow(
                    number: number,
                    WindowScore(callId: id, window: metrics, score: result, cumulative: metrics, cumulativeScore: result)))
        }
        var alerts: [StoredAlert] = []
        if index % 7 == 0 {
            let alert = Alert(
                id: "dead air#1", callId: id, rule: "dead air", metric: .deadAir, severity: .warning, condition: "deadAir > 10",
                value: 11, raisedAt: 12, clearedAt: 20)
            alerts.append(StoredAlert(alert, agentId: agent, team: team, callerNumber: caller, callStartedAt: startedAt))
        }
        let stored = StoredCall(
            id: id, agentId: agent, team: team, callerNumber: caller, state: .ended, endReason: "api", startedAt: startedAt,
            endedAt: startedAt.addingTimeInterval(300), durationSeconds: 300, mediaSeconds: 299.5,
            codecs: "agent:opus customer:opus", score: score, scorecardVersion: "standard-1", scoreDetail: nil, summary: nil,
            alertCount: alerts.count, checkpointedAt: startedAt.addingTimeInterval(300))
        let legs = ["agent", "customer"].map {
            StoredLeg(
                callId: id, leg: $0, codec: "opus", packets: 15000, bytes: 1_200_000, lost: 3, duplicates: 0, reordered: 1,
                late: 0, malformed: 0, jitterMs: 2.5, mos: 4.3, decodedSeconds: 300, concealedSeconds: 0.06, speechSeconds: 120)
        }
        return CallCheckpoint(call: stored, windows: timeline, alerts: alerts, legs: legs)
    }
}

/// A directory under the system temporary directory, removed by `remove()`.
struct ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("ccrd.sqlite").path }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}

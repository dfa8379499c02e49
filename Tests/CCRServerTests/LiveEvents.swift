import CCRStore
import Foundation
import NIOCore

@testable import CCRCore
@testable import CCRServer

/// Hand-made analysis events for live hub tests.
enum LiveEvents {
    static func started(_ callId: String, agent: String = "agent-1", team: String?) -> CallEvent {
        .callStarted(CallInfo(callId: callId, agentId: agent, team: team, legs: [.agent, .customer]), at: 0)
    }

    static func alert(_ callId: String, _ number: Int, severity: Severity = .warning, rule: String = "dead-air") -> CallEvent {
        .alertRaised(
            Alert(
                id: "\(rule)-\(number)", callId: callId, rule: rule, metric: .deadAir, severity: severity, condition: "deadAir > 10",
                value: 10.02, raisedAt: Double(number)))
    }

    static func window(_ callId: String, to: Double) -> CallEvent {
        var metrics = ConversationMetrics(from: max(0, to - 30), to: to)
        metrics.agentTalkSeconds = 10
        metrics.customerTalkSeconds = 8
        let score = Scorecard.standard.score(metrics)
        return .windowScored(WindowScore(callId: callId, window: metrics, score: score, cumulative: metrics, cumulativeScore: score))
    }

    static func ended(_ callId: String) -> CallEvent {
        let metrics = ConversationMetrics(from: 0, to: 30)
        return .callEnded(
            CallSummary(
                callId: callId, mediaSeconds: 30, metrics: metrics, finalScore: Scorecard.standard.score(metrics), turns: 0,
                interruptions: [], deadAirSpans: [], overtalkSpans: [], responseLatencies: [], alerts: [], legs: [], note: nil))
    }

    /// Decodes a live message.
    static func json(_ text: String) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    static let admin = Principal(tokenId: "admin", role: .admin, teams: [])
    static func supervisor(_ teams: String...) -> Principal { Principal(tokenId: "sup", role: .supervisor, teams: Set(teams)) }
}

extension LiveSubscription {
    /// Everything available now, without waiting (the initial messages first).
    func drainNow(includingInitial: Bool = true) -> [String] {
        var out = includingInitial ? initialTexts : []
        while case .message(let message) = hub.take(id) { out.append(String(buffer: message)) }
        return out
    }

    var initialTexts: [String] { initial.map { String(buffer: $0) } }
}

import CCRCore
import Foundation

/// The table `ccrd score` prints: windows, alerts, final score and why.
struct ScoreReport {
    let events: [CallEvent]

    var text: String {
        var lines: [String] = []
        let windows = events.compactMap { if case .windowScored(let window) = $0 { window } else { nil } }
        let alerts = events.compactMap { if case .alertRaised(let alert) = $0 { alert } else { nil } }
        let cleared = Dictionary(
            events.compactMap { if case .alertCleared(let alert) = $0 { (alert.id, alert) } else { nil } },
            uniquingKeysWith: { $1 })
        let summary = events.compactMap { if case .callEnded(let summary) = $0 { summary } else { nil } }.first

        lines.append("windows")
        lines.append(Self.row(["end", "score", "talk", "dead air", "overtalk", "intr/min", "monologue", "agitation"]))
        for window in windows {
            let m = window.window
            lines.append(
                Self.row([
                    Self.time(m.to), Self.number(window.score.score, 1),
                    m.talkRatio.map { Self.number($0, 2) } ?? "-", Self.number(m.longestDeadAirSeconds, 1) + "s",
                    Self.number(m.overtalkRatio * 100, 0) + "%", Self.number(m.agentInterruptionsPerMinute, 1),
                    Self.number(m.longestAgentMonologueSeconds, 1) + "s", Self.number(m.customerAgitation, 2),
                ]))
        }
        lines.append("")
        lines.append("alerts")
        if alerts.isEmpty { lines.append("  none") }
        for alert in alerts {
            let end = cleared[alert.id]?.clearedAt.map { " cleared \(Self.time($0))" } ?? ""
            lines.append("  \(Self.time(alert.raisedAt)) \(alert.severity.rawValue) \(alert.rule): \(alert.condition) (value \(Self.number(alert.value, 2)))\(end)")
        }
        if let summary {
            lines.append("")
            lines.append("final score \(Self.number(summary.finalScore.score, 1)) (scorecard \(summary.finalScore.scorecardVersion), \(Self.time(summary.mediaSeconds)) of audio)")
            if let note = summary.note { lines.append("note: \(note)") }
            for criterion in summary.finalScore.criteria {
                let value = criterion.value.map { Self.number($0, 2) } ?? "not measured"
                lines.append("  \(criterion.name): \(value), target \(criterion.target), lost \(Self.number(criterion.pointsLost, 1))")
            }
            let m = summary.metrics
            lines.append("talk agent \(Self.number(m.agentTalkSeconds, 1))s, customer \(Self.number(m.customerTalkSeconds, 1))s, turns \(summary.turns), interruptions \(summary.interruptions.count), dead air ≥ 2 s: \(summary.deadAirSpans.count)")
        }
        return lines.joined(separator: "\n")
    }

    static func row(_ cells: [String]) -> String {
        cells.map { $0.padding(toLength: 10, withPad: " ", startingAt: 0) }.joined(separator: " ")
    }

    static func number(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

    static func time(_ seconds: Double) -> String {
        String(format: "%d:%05.2f", Int(seconds) / 60, seconds.truncatingRemainder(dividingBy: 60))
    }
}

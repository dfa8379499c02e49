import Foundation
import GRDB

/// `GET /v1/stats`: anonymized daily counts per team.
extension Store {
    /// The days from `fromDay` to `toDay` (YYYY-MM-DD, inclusive), by day then team; `team`
    /// narrows to one team, `teams` is the reader's scope (nil: every team).
    public func statistics(fromDay: String?, toDay: String?, team: String?, teams: [String]?) async throws(StoreError) -> [DailyStatistics] {
        do {
            return try await writer.read { db in
                var byKey: [String: DailyStatistics] = [:]
                func entry(_ day: String, _ team: String) -> String {
                    let key = day + "\u{0}" + team
                    if byKey[key] == nil { byKey[key] = DailyStatistics(day: day, team: team) }
                    return key
                }
                // Conditions on the day and team, for the aggregate tables and for live calls.
                var conditions: [String] = []
                var arguments: [any DatabaseValueConvertible] = []
                if let fromDay { conditions.append("day >= ?"); arguments.append(fromDay) }
                if let toDay { conditions.append("day <= ?"); arguments.append(toDay) }
                if let team { conditions.append("team = ?"); arguments.append(team) }
                if let teams {
                    conditions.append("team IN (\(Array(repeating: "?", count: teams.count).joined(separator: ",")))")
                    arguments.append(contentsOf: teams)
                }
                let filter = conditions.isEmpty ? "1" : conditions.joined(separator: " AND ")
                let keptCalls = """
                    SELECT id, date(startedAt / 1000, 'unixepoch') AS day, COALESCE(team, '') AS team, score, alertCount
                    FROM call WHERE state = 'ended'
                    """
                let folded = try Row.fetchAll(
                    db, sql: "SELECT day, team, calls, scoredCalls, scoreSum, alerts FROM dailyAggregate WHERE \(filter)",
                    arguments: StatementArguments(arguments))
                let kept = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT day, team, COUNT(*) AS calls, COUNT(score) AS scoredCalls, COALESCE(SUM(score), 0) AS scoreSum,
                            SUM(alertCount) AS alerts
                        FROM (\(keptCalls)) WHERE \(filter) GROUP BY day, team
                        """, arguments: StatementArguments(arguments))
                for row in folded + kept {
                    let key = entry(row["day"], row["team"])
                    byKey[key]!.calls += row["calls"] as Int
                    byKey[key]!.scoredCalls += row["scoredCalls"] as Int
                    byKey[key]!.scoreSum += row["scoreSum"] as Double
                    byKey[key]!.alerts += row["alerts"] as Int
                }
                let phraseRows =
                    try Row.fetchAll(
                        db, sql: "SELECT day, team, kind, name, count FROM dailyPhraseAggregate WHERE \(filter)",
                        arguments: StatementArguments(arguments))
                    + Row.fetchAll(
                        db,
                        sql: """
                            SELECT day, team, kind, name, SUM(count) AS count FROM (
                                SELECT c.day, c.team, 'category' AS kind, g.category AS name, 1 AS count
                                    FROM (\(keptCalls)) c JOIN callCategory g ON g.callId = c.id
                                UNION ALL SELECT c.day, c.team, 'irritant', p.phrase, 1
                                    FROM (\(keptCalls)) c JOIN callPhrase p ON p.callId = c.id AND p.kind = 'irritant'
                                UNION ALL SELECT c.day, c.team, 'missedStep', s.step, 1
                                    FROM (\(keptCalls)) c JOIN callScriptStep s ON s.callId = c.id AND s.status = 'missed'
                            ) WHERE \(filter) GROUP BY day, team, kind, name
                            """, arguments: StatementArguments(arguments))
                for row in phraseRows {
                    let key = entry(row["day"], row["team"])
                    let name: String = row["name"]
                    let count: Int = row["count"]
                    switch row["kind"] as String {
                    case "category": byKey[key]!.categories[name, default: 0] += count
                    case "irritant": byKey[key]!.irritants[name, default: 0] += count
                    default: byKey[key]!.missedSteps[name, default: 0] += count
                    }
                }
                return byKey.values.sorted { ($0.day, $0.team) < ($1.day, $1.team) }
            }
        } catch {
            throw .failed(operation: "read statistics", reason: Self.describe(error))
        }
    }
}

import Foundation
import GRDB

/// Reading stored calls: pages of a filtered list, one call in full, an agent's days.
extension Store {
    /// Largest page `calls(matching:limit:after:)` returns.
    public static let maxPageSize = 1000

    /// One page of the calls matching `filter` in `order` (newest first by default: start
    /// time, then id), starting after `cursor` (which must come from a page in the same order).
    public func calls(
        matching filter: CallFilter, limit: Int, after cursor: CallCursor?, order: CallOrder = .newest
    ) async throws(StoreError) -> CallPage {
        let limit = min(max(1, limit), Self.maxPageSize)
        do {
            return try await writer.read { db in
                let calls = try Self.page(db, filter: filter, limit: limit + 1, after: cursor, full: false, order: order)
                let next = calls.count > limit ? calls[limit - 1] : nil
                return CallPage(
                    calls: Array(calls.prefix(limit)),
                    nextCursor: next.map { CallCursor(startedAt: Self.milliseconds($0.startedAt), id: $0.id, order: order, score: $0.score).text })
            }
        } catch {
            throw .failed(operation: "query calls", reason: Self.describe(error))
        }
    }

    /// The columns of a list entry: everything but the score explanation and the summary, whose
    /// JSON decoding was most of a page's cost (they are in the call's detail and in exports).
    static let listColumns = StoredCall.Columns.columnList(nulling: [.scoreDetail, .summary])

    static func page(
        _ db: Database, filter: CallFilter, limit: Int, after cursor: CallCursor?, full: Bool, order: CallOrder = .newest
    ) throws -> [StoredCall] {
        let plan = try plan(db, filter)
        var (sql, values) = filter.whereClause(plan)
        if let condition = order.condition { sql += " AND " + condition }
        if let cursor {
            sql += " AND " + order.after
            if order.byScore {
                let score = cursor.score ?? 0
                values.append(score)
                values.append(score)
            }
            values.append(cursor.startedAt)
            values.append(cursor.id)
        }
        let arguments = StatementArguments(values.map { $0 as? (any DatabaseValueConvertible) })
        let table = plan.rareScore ? "call INDEXED BY call_score" : "call"
        return try StoredCall.fetchAll(
            db, sql: "SELECT \(full ? "*" : listColumns) FROM \(table) WHERE \(sql) ORDER BY \(order.orderBy) LIMIT \(limit)",
            arguments: arguments)
    }

    /// Counts (up to `CallFilter.rareRows`) the rows a score range and an alert rule match, so
    /// the query can start from whichever is rare. Each count reads at most that many index entries.
    static func plan(_ db: Database, _ filter: CallFilter) throws -> CallFilter.Plan {
        var plan = CallFilter.Plan()
        let cap = CallFilter.rareRows
        if case .rule(let rule) = filter.alert {
            let count = try Int.fetchOne(
                db, sql: "SELECT COUNT(*) FROM (SELECT 1 FROM callAlert WHERE rule = ? LIMIT \(cap + 1))", arguments: [rule]) ?? 0
            plan.rareRule = count <= cap
        }
        if filter.minScore != nil || filter.maxScore != nil {
            var range: [String] = []
            var bounds: [Double] = []
            if let minScore = filter.minScore { range.append("score >= ?"); bounds.append(minScore) }
            if let maxScore = filter.maxScore { range.append("score <= ?"); bounds.append(maxScore) }
            let count = try Int.fetchOne(
                db,
                sql: "SELECT COUNT(*) FROM (SELECT 1 FROM call INDEXED BY call_score WHERE \(range.joined(separator: " AND ")) LIMIT \(cap + 1))",
                arguments: StatementArguments(bounds)) ?? 0
            plan.rareScore = count <= cap
        }
        return plan
    }

    /// Whether a call with this id is stored (live or ended): ids name one call for good.
    public func callExists(id: String) async throws(StoreError) -> Bool {
        do {
            return try await writer.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM call WHERE id = ?)", arguments: [id]) ?? false
            }
        } catch {
            throw .failed(operation: "look up call \(id)", reason: Self.describe(error))
        }
    }

    /// A call with its legs, timeline, alerts and reviews; nil when it is not stored or its team
    /// is outside `teams` (nil: any team).
    public func callDetail(id: String, teams: [String]? = nil) async throws(StoreError) -> CallDetail? {
        do {
            return try await writer.read { db in
                guard let call = try StoredCall.fetchOne(db, key: id) else { return nil }
                if let teams, !(call.team.map(teams.contains) ?? false) { return nil }
                var detail = try CallDetail.read(call, in: db)
                detail.activity = try CallActivity.read(callId: call.id, db)
                return detail
            }
        } catch {
            throw .failed(operation: "read call \(id)", reason: Self.describe(error))
        }
    }

    /// An agent's ended calls per UTC day between `from` (inclusive) and `to` (exclusive).
    public func agentSummary(agentId: String, from: Date?, to: Date?, teams: [String]? = nil) async throws(StoreError) -> [AgentDay] {
        try await days(of: CallFilter(agentId: agentId, from: from, to: to, teams: teams), operation: "summarize agent")
    }

    /// A team's ended calls per UTC day, every agent together (no agent named): what an agent's
    /// days are set beside.
    public func teamSummary(team: String, from: Date?, to: Date?, teams: [String]? = nil) async throws(StoreError) -> [AgentDay] {
        try await days(of: CallFilter(team: team, from: from, to: to, teams: teams), operation: "summarize team")
    }

    /// Ended calls matching `filter` per UTC day (its alert condition aside).
    func days(of filter: CallFilter, operation: String) async throws(StoreError) -> [AgentDay] {
        var filter = filter
        filter.alert = nil
        let (condition, values) = filter.whereClause()
        let arguments = StatementArguments(values.map { $0 as? (any DatabaseValueConvertible) })
        do {
            return try await writer.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT date(call.startedAt / 1000, 'unixepoch') AS day, COUNT(*) AS calls,
                            AVG(call.score) AS meanScore, SUM(call.alertCount) AS alerts,
                            AVG(call.durationSeconds) AS meanDuration,
                            AVG(latest.score) AS meanReviewed, COUNT(latest.score) AS reviewed
                        FROM call
                        LEFT JOIN (
                            SELECT review.callId, review.score FROM review
                            WHERE review.id = (SELECT MAX(r.id) FROM review r WHERE r.callId = review.callId)
                        ) AS latest ON latest.callId = call.id
                        WHERE \(condition) AND call.state = 'ended'
                        GROUP BY day ORDER BY day
                        """, arguments: arguments)
                return rows.map { row in
                    AgentDay(
                        day: row["day"], calls: row["calls"], meanScore: row["meanScore"],
                        meanReviewedScore: row["meanReviewed"], reviewedCalls: row["reviewed"], alerts: row["alerts"],
                        meanDurationSeconds: row["meanDuration"])
                }
            }
        } catch {
            throw .failed(operation: operation, reason: Self.describe(error))
        }
    }

    /// Most agents `agents(from:to:team:teams:)` lists.
    public static let maxAgents = 1000

    /// The agents with ended calls in the period (and `team`, and the reader's `teams`), most
    /// recent call first, at most `maxAgents`.
    public func agents(from: Date?, to: Date?, team: String?, teams: [String]?) async throws(StoreError) -> [AgentOverview] {
        let (condition, values) = CallFilter(team: team, from: from, to: to, teams: teams).whereClause()
        let arguments = StatementArguments(values.map { $0 as? (any DatabaseValueConvertible) }) + [Self.maxAgents]
        do {
            return try await writer.read { db in
                let rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT call.agentId AS agentId, group_concat(DISTINCT call.team) AS teams, COUNT(*) AS calls,
                            AVG(call.score) AS meanScore, SUM(call.alertCount) AS alerts, MAX(call.startedAt) AS lastCallAt
                        FROM call
                        WHERE \(condition) AND call.state = 'ended'
                        GROUP BY call.agentId ORDER BY lastCallAt DESC, call.agentId LIMIT ?
                        """, arguments: arguments)
                return rows.map { row in
                    let teams: String? = row["teams"]
                    let last: Int64 = row["lastCallAt"]
                    return AgentOverview(
                        agentId: row["agentId"], teams: (teams ?? "").split(separator: ",").map(String.init).sorted(),
                        calls: row["calls"], meanScore: row["meanScore"], alerts: row["alerts"],
                        lastCallAt: Date(timeIntervalSince1970: Double(last) / 1000))
                }
            }
        } catch {
            throw .failed(operation: "list agents", reason: Self.describe(error))
        }
    }

    /// Milliseconds since 1970, as the tables store times: rounded down like GRDB stores dates,
    /// except that a value within a microsecond of a whole millisecond (a date read back from
    /// the store) is that millisecond.
    public static func milliseconds(_ date: Date) -> Int64 {
        let value = date.timeIntervalSince1970 * 1000
        let nearest = value.rounded()
        return abs(value - nearest) < 1e-3 ? Int64(nearest) : Int64(value.rounded(.down))
    }
}

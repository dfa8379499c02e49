import Foundation
import GRDB

/// Retention: folding old calls into anonymized daily aggregates, then deleting what is past
/// each class's retention period.
extension Store {
    /// Purges what `policy` no longer allows at `now`. A dry run counts the same rows in a
    /// transaction it rolls back. Rows exactly at the cut-off are kept.
    public func purge(policy: RetentionPolicy, now: Date = Date(), dryRun: Bool = false) async throws(StoreError) -> PurgeReport {
        let report: PurgeReport
        do {
            report = try await writer.writeWithoutTransaction { db in try Self.purge(db, policy: policy, now: now, dryRun: dryRun) }
        } catch {
            throw .failed(operation: "purge", reason: Self.describe(error))
        }
        if !dryRun && !report.isEmpty { try? checkpointWAL() }
        return report
    }

    /// The same, blocking; for the command line.
    public func purgeNow(policy: RetentionPolicy, now: Date = Date(), dryRun: Bool = false) throws(StoreError) -> PurgeReport {
        let report: PurgeReport
        do {
            report = try writer.writeWithoutTransaction { db in try Self.purge(db, policy: policy, now: now, dryRun: dryRun) }
        } catch {
            throw .failed(operation: "purge", reason: Self.describe(error))
        }
        if !dryRun && !report.isEmpty { try? checkpointWAL() }
        return report
    }

    static func purge(_ db: Database, policy: RetentionPolicy, now: Date, dryRun: Bool) throws -> PurgeReport {
        var report = PurgeReport(dryRun: dryRun)
        func cutoff(_ days: Int) -> Date? { days > 0 ? now.addingTimeInterval(-Double(days) * 86400) : nil }
        report.callsBefore = cutoff(policy.callDays)
        report.alertsBefore = cutoff(policy.alertDays)
        report.reviewsBefore = cutoff(policy.reviewDays)
        report.journalBefore = cutoff(policy.journalDays)
        report.transcriptsBefore = cutoff(policy.transcriptDays)
        try db.inTransaction {
            // Transcripts first: those of calls about to go are counted with them (by cascade).
            if let before = report.transcriptsBefore {
                try db.execute(
                    sql: "DELETE FROM callTranscript WHERE callId IN (SELECT id FROM call WHERE startedAt < ?)",
                    arguments: [milliseconds(before)])
                report.transcriptSegments = db.changesCount
                // The words of the phrases heard go with them; the counts stay with the call.
                try db.execute(
                    sql: "UPDATE callPhrase SET text = NULL WHERE text IS NOT NULL AND callId IN (SELECT id FROM call WHERE startedAt < ?)",
                    arguments: [milliseconds(before)])
            }
            if let before = report.callsBefore {
                let condition = "state = 'ended' AND startedAt < \(milliseconds(before))"
                report.aggregatedDays = try fold(db, where: condition)
                report.windows = try Int.fetchOne(
                    db, sql: "SELECT COUNT(*) FROM callWindow WHERE callId IN (SELECT id FROM call WHERE \(condition))") ?? 0
                try db.execute(sql: "DELETE FROM call WHERE \(condition)")
                report.calls = db.changesCount
            }
            if let before = report.alertsBefore {
                try db.execute(sql: "DELETE FROM callAlert WHERE at < ?", arguments: [milliseconds(before)])
                report.alerts = db.changesCount
            }
            if let before = report.reviewsBefore {
                try db.execute(sql: "DELETE FROM review WHERE reviewedAt < ?", arguments: [milliseconds(before)])
                report.reviews = db.changesCount
            }
            if let before = report.journalBefore {
                report.journalEntries = try purgeJournal(db, before: before)
            }
            return dryRun ? .rollback : .commit
        }
        return report
    }

    /// Adds the calls matching `condition` to the daily aggregates; returns the rows touched.
    static func fold(_ db: Database, where condition: String, arguments: StatementArguments = []) throws -> Int {
        try foldPhrases(db, where: condition, arguments: arguments)
        try db.execute(
            sql: """
                INSERT INTO dailyAggregate (day, team, calls, scoredCalls, scoreSum, alerts, durationSeconds)
                SELECT date(startedAt / 1000, 'unixepoch'), COALESCE(team, ''), COUNT(*), COUNT(score),
                    COALESCE(SUM(score), 0), SUM(alertCount), SUM(durationSeconds)
                FROM call WHERE \(condition)
                GROUP BY 1, 2
                ON CONFLICT (day, team) DO UPDATE SET
                    calls = calls + excluded.calls, scoredCalls = scoredCalls + excluded.scoredCalls,
                    scoreSum = scoreSum + excluded.scoreSum, alerts = alerts + excluded.alerts,
                    durationSeconds = durationSeconds + excluded.durationSeconds
                """, arguments: arguments)
        return db.changesCount
    }

    /// The anonymized daily aggregates between two days (YYYY-MM-DD, inclusive), by day then team.
    public func aggregates(fromDay: String? = nil, toDay: String? = nil) throws(StoreError) -> [DailyAggregate] {
        try read("read aggregates") { db in
            var request = DailyAggregate.order(DailyAggregate.Columns.day, DailyAggregate.Columns.team)
            if let fromDay { request = request.filter(DailyAggregate.Columns.day >= fromDay) }
            if let toDay { request = request.filter(DailyAggregate.Columns.day <= toDay) }
            return try request.fetchAll(db)
        }
    }

    /// Moves the WAL's content into the database file and empties the WAL, so deleted (zeroed)
    /// pages no longer exist in an older version anywhere.
    public func checkpointWAL() throws(StoreError) {
        do {
            _ = try writer.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
        } catch {
            throw .failed(operation: "checkpoint the WAL", reason: Self.describe(error))
        }
    }
}

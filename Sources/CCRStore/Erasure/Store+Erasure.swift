import CCRCore
import GRDB

/// Erasure of a person (GDPR art. 17, on the controller's instruction).
extension Store {
    /// Removes every ended call, leg, window, alert and review about `subject` in one
    /// transaction, then empties the WAL so, with `secure_delete`, no copy of the rows remains in
    /// the database files. Live calls are left (they are written again when they end) and
    /// counted in the report.
    public func erase(_ subject: Subject) async throws(StoreError) -> ErasureReport {
        let report: ErasureReport
        let column = subject.column
        let id = subject.identifier
        do {
            report = try await writer.write { db in
                var report = ErasureReport(subject: subject.kind)
                let calls = "\(column) = ? AND state = 'ended'"
                report.liveCalls =
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM call WHERE \(column) = ? AND state = 'live'", arguments: [id]) ?? 0
                report.aggregatedDays = try Self.fold(db, where: calls, arguments: [id])
                report.windows =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM callWindow WHERE callId IN (SELECT id FROM call WHERE \(calls))",
                        arguments: [id]) ?? 0
                report.legs =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM callLeg WHERE callId IN (SELECT id FROM call WHERE \(calls))",
                        arguments: [id]) ?? 0
                report.transcriptSegments =
                    try Int.fetchOne(
                        db, sql: "SELECT COUNT(*) FROM callTranscript WHERE callId IN (SELECT id FROM call WHERE \(calls))",
                        arguments: [id]) ?? 0
                try db.execute(sql: "DELETE FROM call WHERE \(calls)", arguments: [id])
                report.calls = db.changesCount
                try db.execute(
                    sql: "DELETE FROM callAlert WHERE \(column) = ? AND callId NOT IN (SELECT id FROM call WHERE state = 'live')",
                    arguments: [id])
                report.alerts = db.changesCount
                try db.execute(sql: "DELETE FROM review WHERE \(column) = ?", arguments: [id])
                report.reviews = db.changesCount
                // Free text of other people's reviews may name the person: redact it.
                // Only whole identifiers: erasing agent "e" leaves "excellent" alone.
                let candidates = try Row.fetchAll(
                    db, sql: "SELECT id, comment FROM review WHERE instr(comment, ?) > 0", arguments: [id])
                for row in candidates {
                    let comment: String = row["comment"]
                    let redacted = Redaction.redact(id, in: comment)
                    guard redacted != comment else { continue }
                    try db.execute(sql: "UPDATE review SET comment = ? WHERE id = ?", arguments: [redacted, row["id"] as Int64])
                    report.redactedComments += 1
                }
                // Interior pages of an index keep copies of keys as dividers even after their rows
                // are deleted; rebuilding the indexes on the person's column drops them (zeroed).
                for index in subject.indexes {
                    try db.execute(sql: "REINDEX \(index)")
                }
                return report
            }
        } catch {
            throw .failed(operation: "erase \(subject.kind)", reason: Self.describe(error))
        }
        try checkpointWAL()
        return report
    }
}

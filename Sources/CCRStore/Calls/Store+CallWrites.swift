import Foundation
import GRDB

/// Writing calls: batches of checkpoints and finalized calls, and closing the calls a crash
/// left live.
extension Store {
    /// Writes every checkpoint of `batch` in one transaction: all of them or none.
    public func save(_ batch: [CallCheckpoint]) async throws(StoreError) {
        guard !batch.isEmpty else { return }
        do {
            try await writer.write { db in try Self.save(batch, in: db) }
        } catch {
            throw Self.writeError(error, operation: "save \(batch.count) calls")
        }
    }

    /// `rejected` when the data is at fault (a retry would fail the same way), else `failed`.
    static func writeError(_ error: any Error, operation: String) -> StoreError {
        if error is EncodingError {
            return .rejected(operation: operation, reason: describe(error))
        }
        if let error = error as? DatabaseError,
            [.SQLITE_CONSTRAINT, .SQLITE_MISMATCH, .SQLITE_TOOBIG, .SQLITE_RANGE].contains(error.resultCode)
        {
            return .rejected(operation: operation, reason: describe(error))
        }
        return .failed(operation: operation, reason: describe(error))
    }

    /// The same, blocking; for the command line and benchmarks.
    public func saveNow(_ batch: [CallCheckpoint]) throws(StoreError) {
        do {
            try writer.write { db in try Self.save(batch, in: db) }
        } catch {
            throw Self.writeError(error, operation: "save \(batch.count) calls")
        }
    }

    /// Prepared statements and explicit arguments rather than Codable records: this is the
    /// writer's hot loop (≈ 60 windows per 5-minute call), and Codable encoding was half its time.
    static func save(_ batch: [CallCheckpoint], in db: Database) throws {
        let callStatement = try db.cachedStatement(sql: StoredCall.upsertSQL)
        let windowStatement = try db.cachedStatement(sql: TimelineWindow.insertSQL)
        let alertStatement = try db.cachedStatement(sql: StoredAlert.upsertSQL)
        let legStatement = try db.cachedStatement(sql: StoredLeg.insertSQL)
        let json = JSONEncoder()
        json.outputFormatting = .sortedKeys
        for checkpoint in batch {
            callStatement.setUncheckedArguments(try checkpoint.call.arguments(json: json))
            try callStatement.execute()
            for window in checkpoint.windows {
                windowStatement.setUncheckedArguments(window.arguments)
                try windowStatement.execute()
            }
            for alert in checkpoint.alerts {
                alertStatement.setUncheckedArguments(alert.arguments)
                try alertStatement.execute()
            }
            for leg in checkpoint.legs {
                legStatement.setUncheckedArguments(leg.arguments)
                try legStatement.execute()
            }
            if let activity = checkpoint.activity {
                try db.cachedStatement(sql: CallActivity.insertSQL).execute(arguments: [checkpoint.call.id, activity.storedText])
            }
        }
    }

    /// Closes the calls that were live when the daemon stopped without finalizing them: end
    /// reason `interrupted`, ended at their last checkpoint, timeline and score as checkpointed.
    /// Returns their ids.
    public func closeInterruptedCalls() throws(StoreError) -> [String] {
        try write("close interrupted calls") { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM call WHERE state = 'live' ORDER BY startedAt")
            try db.execute(
                sql: """
                    UPDATE call SET state = 'ended', endReason = ?, endedAt = checkpointedAt,
                        durationSeconds = MAX(0, (checkpointedAt - startedAt) / 1000.0)
                    WHERE state = 'live'
                    """, arguments: [StoredCall.interrupted])
            return ids
        }
    }
}

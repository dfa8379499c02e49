import CCRCore
import GRDB

/// Transcripts: written as they come (a call's may come after it ended), read with the call.
extension Store {
    /// Writes `batch` in one transaction. What belongs to a call the store does not have (not
    /// written yet, erased, purged) is not written: it is returned, for the writer to try again
    /// or let go.
    public func save(_ batch: TranscriptBatch) async throws(StoreError) -> TranscriptBatch {
        do {
            return try await writer.write { db in
                var left = TranscriptBatch()
                let exists = try db.cachedStatement(sql: "SELECT 1 FROM call WHERE id = ?")
                var known: [String: Bool] = [:]
                func has(_ callId: String) throws -> Bool {
                    if let answer = known[callId] { return answer }
                    let answer = try Bool.fetchOne(exists, arguments: [callId]) ?? false
                    known[callId] = answer
                    return answer
                }
                for segment in batch.segments {
                    guard try has(segment.callId) else {
                        left.segments.append(segment)
                        continue
                    }
                    // A segment already kept (sent twice) stays as it was, and is counted once.
                    try StoredTranscriptSegment(segment).insert(db, onConflict: .ignore)
                    guard db.changesCount > 0 else { continue }
                    try db.execute(
                        sql: """
                            INSERT INTO callTranscription (callId, speechSeconds, skippedSeconds, segments) VALUES (?, 0, 0, 1)
                            ON CONFLICT(callId) DO UPDATE SET segments = segments + 1
                            """, arguments: [segment.callId])
                }
                for (callId, figures) in batch.coverage {
                    guard try has(callId) else {
                        left.coverage[callId] = figures
                        continue
                    }
                    try db.execute(
                        sql: """
                            INSERT INTO callTranscription (callId, speechSeconds, skippedSeconds, segments) VALUES (?, ?, ?, 0)
                            ON CONFLICT(callId) DO UPDATE SET speechSeconds = speechSeconds + excluded.speechSeconds,
                                skippedSeconds = skippedSeconds + excluded.skippedSeconds
                            """, arguments: [callId, figures.speech, figures.skipped])
                }
                for detection in batch.detections {
                    guard try has(detection.callId) else {
                        left.detections.append(detection)
                        continue
                    }
                    try Self.insert(detection, db)
                }
                for report in batch.reports {
                    guard try Self.isEnded(report.callId, db) else {
                        left.reports.append(report)
                        continue
                    }
                    try Self.save(report, db)
                }
                return left
            }
        } catch {
            throw .failed(operation: "write transcripts", reason: Self.describe(error))
        }
    }
}

extension Schema {
    static func createTranscriptTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE callTranscript (
                    callId TEXT NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    leg TEXT NOT NULL,
                    start REAL NOT NULL,
                    end REAL NOT NULL,
                    text TEXT NOT NULL,
                    words TEXT NOT NULL,
                    language TEXT NOT NULL,
                    confidence REAL NOT NULL,
                    PRIMARY KEY (callId, leg, start)
                ) WITHOUT ROWID;

                CREATE TABLE callTranscription (
                    callId TEXT PRIMARY KEY NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    speechSeconds REAL NOT NULL,
                    skippedSeconds REAL NOT NULL,
                    segments INTEGER NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}

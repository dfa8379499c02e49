import GRDB

/// What the supervisor's workspace needs beyond the call rows: each finished call's activity
/// (who spoke when, dead air, overtalk: `callActivity`, one JSON document per call, erased with
/// the call) and the review's verdict and per-criterion corrections.
extension Schema {
    static func createWorkspaceTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE callActivity (
                    callId TEXT PRIMARY KEY NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    activity TEXT NOT NULL
                ) WITHOUT ROWID;

                ALTER TABLE review ADD COLUMN verdict TEXT;
                ALTER TABLE review ADD COLUMN criteria TEXT;
                """)
    }
}

import GRDB

/// What was said, per call: the phrases heard (`callPhrase`; their words go with the
/// transcripts' retention, the counts stay with the call), the categories, the script's steps,
/// the whole `call.phrases` report beside the call row; and the anonymized daily counts that outlive
/// the calls (`dailyPhraseAggregate`).
extension Schema {
    static func createPhraseTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE callPhraseReport (
                    callId TEXT PRIMARY KEY NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    report TEXT NOT NULL
                ) WITHOUT ROWID;

                CREATE TABLE callPhrase (
                    callId TEXT NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    kind TEXT NOT NULL,
                    phrase TEXT NOT NULL,
                    start REAL NOT NULL,
                    end REAL NOT NULL,
                    leg TEXT NOT NULL,
                    text TEXT,
                    language TEXT NOT NULL,
                    confidence REAL NOT NULL,
                    PRIMARY KEY (callId, kind, phrase, start)
                ) WITHOUT ROWID;

                CREATE TABLE callCategory (
                    callId TEXT NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    category TEXT NOT NULL,
                    matches INTEGER NOT NULL,
                    PRIMARY KEY (callId, category)
                ) WITHOUT ROWID;
                CREATE INDEX callCategory_category ON callCategory(category, callId);

                CREATE TABLE callScriptStep (
                    callId TEXT NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    step TEXT NOT NULL,
                    status TEXT NOT NULL,
                    saidAt REAL,
                    PRIMARY KEY (callId, step)
                ) WITHOUT ROWID;

                CREATE TABLE dailyPhraseAggregate (
                    day TEXT NOT NULL,
                    team TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    name TEXT NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (day, team, kind, name)
                ) WITHOUT ROWID;
                """)
    }
}

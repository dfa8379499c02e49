import GRDB

/// Finished and checkpointed calls: the call row, its legs, its window timeline and its alerts.
///
/// Times are integer milliseconds since 1970 (UTC), so keyset pagination and retention
/// compare integers. Alerts and reviews carry the call's agent and caller beside the call id,
/// because they are kept for their own retention period and may outlive the call row; erasure
/// finds them by those columns.
extension Schema {
    static func createCallTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE call (
                    id TEXT PRIMARY KEY NOT NULL,
                    agentId TEXT NOT NULL,
                    team TEXT,
                    callerNumber TEXT,
                    state TEXT NOT NULL,
                    endReason TEXT,
                    startedAt INTEGER NOT NULL,
                    endedAt INTEGER,
                    durationSeconds REAL NOT NULL DEFAULT 0,
                    mediaSeconds REAL NOT NULL DEFAULT 0,
                    codecs TEXT NOT NULL,
                    score REAL,
                    scorecardVersion TEXT,
                    scoreDetail TEXT,
                    summary TEXT,
                    alertCount INTEGER NOT NULL DEFAULT 0,
                    checkpointedAt INTEGER NOT NULL
                );
                CREATE INDEX call_started ON call(startedAt, id);
                CREATE INDEX call_agent ON call(agentId, startedAt, id);
                CREATE INDEX call_team ON call(team, startedAt, id);
                CREATE INDEX call_caller ON call(callerNumber) WHERE callerNumber IS NOT NULL;
                CREATE INDEX call_live ON call(state) WHERE state = 'live';
                CREATE INDEX call_score ON call(score);

                CREATE TABLE callLeg (
                    callId TEXT NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    leg TEXT NOT NULL,
                    codec TEXT NOT NULL,
                    packets INTEGER NOT NULL,
                    bytes INTEGER NOT NULL,
                    lost INTEGER NOT NULL,
                    duplicates INTEGER NOT NULL,
                    reordered INTEGER NOT NULL,
                    late INTEGER NOT NULL,
                    malformed INTEGER NOT NULL,
                    jitterMs REAL NOT NULL,
                    mos REAL,
                    decodedSeconds REAL NOT NULL,
                    concealedSeconds REAL NOT NULL,
                    speechSeconds REAL NOT NULL,
                    PRIMARY KEY (callId, leg)
                ) WITHOUT ROWID;

                CREATE TABLE callWindow (
                    callId TEXT NOT NULL REFERENCES call(id) ON DELETE CASCADE,
                    number INTEGER NOT NULL,
                    fromSeconds REAL NOT NULL,
                    toSeconds REAL NOT NULL,
                    score REAL NOT NULL,
                    cumulativeScore REAL NOT NULL,
                    talkRatio REAL,
                    deadAirSeconds REAL NOT NULL,
                    overtalkRatio REAL NOT NULL,
                    agentInterruptions INTEGER NOT NULL,
                    customerAgitation REAL NOT NULL,
                    mos REAL,
                    lossPercent REAL,
                    jitterMs REAL,
                    PRIMARY KEY (callId, number)
                ) WITHOUT ROWID;

                CREATE TABLE callAlert (
                    callId TEXT NOT NULL,
                    id TEXT NOT NULL,
                    agentId TEXT NOT NULL,
                    team TEXT,
                    callerNumber TEXT,
                    rule TEXT NOT NULL,
                    metric TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    condition TEXT NOT NULL,
                    value REAL NOT NULL,
                    raisedAt REAL NOT NULL,
                    clearedAt REAL,
                    at INTEGER NOT NULL,
                    PRIMARY KEY (callId, id)
                ) WITHOUT ROWID;
                CREATE INDEX callAlert_rule ON callAlert(rule, callId);
                CREATE INDEX callAlert_at ON callAlert(at);
                CREATE INDEX callAlert_agent ON callAlert(agentId);
                CREATE INDEX callAlert_caller ON callAlert(callerNumber) WHERE callerNumber IS NOT NULL;

                CREATE TABLE review (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    callId TEXT NOT NULL,
                    agentId TEXT NOT NULL,
                    callerNumber TEXT,
                    score REAL NOT NULL,
                    aiScore REAL,
                    comment TEXT,
                    reviewer TEXT NOT NULL,
                    reviewedAt INTEGER NOT NULL
                );
                CREATE INDEX review_call ON review(callId);
                CREATE INDEX review_at ON review(reviewedAt);
                CREATE INDEX review_agent ON review(agentId);
                """)
    }

    /// Anonymized daily aggregates, the hash-chained access journal, and the store's settings.
    static func createProtectionTables(_ db: Database) throws {
        try db.execute(
            sql: """
                CREATE TABLE dailyAggregate (
                    day TEXT NOT NULL,
                    team TEXT NOT NULL,
                    calls INTEGER NOT NULL,
                    scoredCalls INTEGER NOT NULL,
                    scoreSum REAL NOT NULL,
                    alerts INTEGER NOT NULL,
                    durationSeconds REAL NOT NULL,
                    PRIMARY KEY (day, team)
                ) WITHOUT ROWID;

                CREATE TABLE journal (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    target TEXT NOT NULL,
                    source TEXT NOT NULL,
                    detail TEXT NOT NULL,
                    previousHash TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE INDEX journal_at ON journal(at);
                CREATE TRIGGER journal_append_only BEFORE UPDATE ON journal
                BEGIN
                    SELECT RAISE(ABORT, 'the access journal is append-only');
                END;

                CREATE TABLE journalAnchor (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    seq INTEGER NOT NULL,
                    hash TEXT NOT NULL
                );

                CREATE TABLE setting (
                    key TEXT PRIMARY KEY NOT NULL,
                    value TEXT NOT NULL
                ) WITHOUT ROWID;
                """)
    }
}

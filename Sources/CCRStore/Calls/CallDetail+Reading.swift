import GRDB

extension CallDetail {
    /// Reads what is kept beside `call`'s row (legs, timeline, alerts, reviews) in the caller's
    /// transaction. A call detail reads one, an export one per call: the four statements are
    /// prepared once per connection, their SQL built once from the records' columns.
    static func read(_ call: StoredCall, in db: Database) throws -> CallDetail {
        let arguments: StatementArguments = [call.id]
        return CallDetail(
            call: call,
            legs: try StoredLeg.fetchAll(db.cachedStatement(sql: Self.legsSQL), arguments: arguments),
            timeline: try TimelineWindow.fetchAll(db.cachedStatement(sql: Self.timelineSQL), arguments: arguments),
            alerts: try StoredAlert.fetchAll(db.cachedStatement(sql: Self.alertsSQL), arguments: arguments),
            reviews: try Review.fetchAll(db.cachedStatement(sql: Self.reviewsSQL), arguments: arguments),
            transcript: try StoredTranscriptSegment.fetchAll(db.cachedStatement(sql: Self.transcriptSQL), arguments: arguments),
            transcription: try TranscriptCoverage.fetchOne(db.cachedStatement(sql: Self.coverageSQL), arguments: arguments),
            phrases: try Store.phrases(of: call.id, db), phraseReport: try Store.phraseReport(of: call.id, db))
    }

    private static let transcriptSQL = "SELECT * FROM callTranscript WHERE callId = ? ORDER BY start, leg"
    private static let coverageSQL = "SELECT * FROM callTranscription WHERE callId = ?"

    private static let legsSQL = select("*", from: StoredLeg.self, callId: StoredLeg.Columns.callId, order: StoredLeg.Columns.leg)
    /// The timeline selects its columns in `Columns` order: `TimelineWindow.init(row:)` reads by position.
    private static let timelineSQL = select(
        TimelineWindow.Columns.columnList(), from: TimelineWindow.self,
        callId: TimelineWindow.Columns.callId, order: TimelineWindow.Columns.number)
    private static let alertsSQL = select("*", from: StoredAlert.self, callId: StoredAlert.Columns.callId, order: StoredAlert.Columns.raisedAt)
    private static let reviewsSQL = select("*", from: Review.self, callId: Review.Columns.callId, order: Review.Columns.id)

    private static func select(
        _ columns: String, from record: (some TableRecord).Type, callId: some ColumnExpression, order: some ColumnExpression
    ) -> String {
        "SELECT \(columns) FROM \(record.databaseTableName) WHERE \(callId.name) = ? ORDER BY \(order.name)"
    }
}

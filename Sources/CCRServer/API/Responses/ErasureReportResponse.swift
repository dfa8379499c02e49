import CCRStore

/// What an erasure removed from the database, row counts by table, as the API shows it
/// (`removed` in the answer to `DELETE /v1/subjects/…`).
struct ErasureReportResponse: Encodable, Equatable {
    var subject: String
    var calls: Int
    var legs: Int
    var windows: Int
    var transcriptSegments: Int
    var alerts: Int
    var reviews: Int
    /// Review comments about other calls that named the person, now "[erased]" in their place.
    var redactedComments: Int
    var aggregatedDays: Int
    /// Live calls of the person that were left alone (erase again once they have ended).
    var liveCalls: Int

    init(_ report: ErasureReport) {
        subject = report.subject
        calls = report.calls
        legs = report.legs
        windows = report.windows
        transcriptSegments = report.transcriptSegments
        alerts = report.alerts
        reviews = report.reviews
        redactedComments = report.redactedComments
        aggregatedDays = report.aggregatedDays
        liveCalls = report.liveCalls
    }
}

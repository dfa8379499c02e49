import CCRCore
import Foundation
import Testing

@testable import CCRServer
@testable import CCRStore

/// The API answers stored calls with its own response types. They were introduced without
/// changing a byte of any answer: each encodes exactly as the stored record it replaced did.
/// If a stored record gains a field, this fails until the API decides whether to show it.
@Suite("Stored call answers keep their shape")
struct StoredResponseShapeTests {
    static let startedAt = Date(timeIntervalSince1970: 1_790_000_000)

    /// Both as JSON objects, encoded the way Hummingbird encodes answers (ISO 8601 dates).
    static func sameJSON(_ stored: some Encodable, _ response: some Encodable) throws -> Bool {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let old = try JSONSerialization.jsonObject(with: encoder.encode(stored))
        let new = try JSONSerialization.jsonObject(with: encoder.encode(response))
        return (old as? NSObject)?.isEqual(new) ?? false
    }

    static func call(full: Bool) -> StoredCall {
        var metrics = ConversationMetrics(from: 0, to: 300)
        metrics.talkRatio = 0.55
        let result = Scorecard.standard.score(metrics)
        return StoredCall(
            id: "shape-1", agentId: "agent-1", team: full ? "blue" : nil, callerNumber: full ? "+33100000001" : nil,
            state: full ? .ended : .live, endReason: full ? "bye" : nil, startedAt: startedAt,
            endedAt: full ? startedAt.addingTimeInterval(300) : nil, durationSeconds: 300, mediaSeconds: 299.5,
            codecs: "agent:opus customer:opus", score: full ? 81.5 : nil, scorecardVersion: full ? "standard-1" : nil,
            scoreDetail: full ? result.criteria : nil,
            summary: full
                ? StoredSummary(
                    metrics: metrics, turns: 12, interruptions: 2, deadAirSpans: 1, overtalkSpans: 3, meanResponseLatency: 0.8,
                    note: "two legs")
                : nil,
            alertCount: 2, checkpointedAt: startedAt.addingTimeInterval(300))
    }

    @Test func callsAndPagesEncodeAsTheStoredRecords() throws {
        for full in [true, false] {
            #expect(try Self.sameJSON(Self.call(full: full), StoredCallResponse(Self.call(full: full))), "full: \(full)")
        }
        // The comparison tells different answers apart.
        #expect(try !Self.sameJSON(Self.call(full: true), StoredCallResponse(Self.call(full: false))))
        let page = CallPage(calls: [Self.call(full: true), Self.call(full: false)], nextCursor: "abc")
        #expect(try Self.sameJSON(page, CallPageResponse(page)))
        let last = CallPage(calls: [], nextCursor: nil)
        #expect(try Self.sameJSON(last, CallPageResponse(last)))
    }

    @Test func legsWindowsAlertsAndReviewsEncodeAsTheStoredRecords() throws {
        for full in [true, false] {
            let leg = StoredLeg(
                callId: "shape-1", leg: "agent", codec: "opus", packets: 15000, bytes: 1_200_000, lost: 3, duplicates: 1, reordered: 2,
                late: 4, malformed: 5, jitterMs: 2.5, mos: full ? 4.3 : nil, decodedSeconds: 300, concealedSeconds: 0.06,
                speechSeconds: 120)
            #expect(try Self.sameJSON(leg, StoredLegResponse(leg)))
            var metrics = ConversationMetrics(from: 0, to: 30)
            metrics.talkRatio = full ? 0.5 : nil
            metrics.mos = full ? 4.1 : nil
            let result = Scorecard.standard.score(metrics)
            let window = TimelineWindow(
                number: 3, WindowScore(callId: "shape-1", window: metrics, score: result, cumulative: metrics, cumulativeScore: result))
            #expect(try Self.sameJSON(window, TimelineWindowResponse(window)))
            let alert = StoredAlert(
                Alert(
                    id: "dead air#1", callId: "shape-1", rule: "dead air", metric: .deadAir, severity: .warning,
                    condition: "deadAir > 10", value: 11, raisedAt: 12, clearedAt: full ? 20 : nil),
                agentId: "agent-1", team: full ? "blue" : nil, callerNumber: full ? "+33100000001" : nil, callStartedAt: Self.startedAt)
            #expect(try Self.sameJSON(alert, StoredAlertResponse(alert)))
            var review = Review(
                callId: "shape-1", agentId: "agent-1", callerNumber: full ? "+33100000001" : nil, score: 72.5, aiScore: full ? 81.5 : nil,
                comment: full ? "good recovery" : nil, reviewer: "token:abc", reviewedAt: Self.startedAt.addingTimeInterval(900))
            review.id = full ? 7 : nil
            #expect(try Self.sameJSON(review, ReviewResponse(review)))
        }
    }

    @Test func agentDaysAndErasureReportsEncodeAsTheStoredRecords() throws {
        for full in [true, false] {
            let day = AgentDay(
                day: "2026-09-21", calls: 4, meanScore: full ? 77.5 : nil, meanReviewedScore: full ? 70 : nil, reviewedCalls: 1,
                alerts: 2, meanDurationSeconds: 240.5)
            #expect(try Self.sameJSON(day, AgentDayResponse(day)))
        }
        var report = ErasureReport(subject: "agent")
        (report.calls, report.legs, report.windows, report.alerts, report.reviews) = (1, 2, 3, 4, 5)
        (report.redactedComments, report.aggregatedDays, report.liveCalls) = (6, 7, 8)
        #expect(try Self.sameJSON(report, ErasureReportResponse(report)))
    }
}

@testable import CCRCore
import CCRMedia
import CCRStore
import Foundation
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import CCRServer

/// The phrase listener as a peer of the stream: a call is summed up once it is closed and its
/// transcription says it is complete, whichever comes first; an erased agent's calls are let go.
@Suite("Phrase listener")
struct PhraseListenerTests {
    final class Recorder: CallEventSubscriber, Sendable {
        let events = NIOLockedValueBox<[CallEvent]>([])
        func receive(_ event: CallEvent) { events.withLockedValue { $0.append(event) } }
        var holderName: String { "recorder" }
        func forget(_ subject: Subject) -> Int { 0 }
        func holdsData(about subject: Subject) -> Bool { false }
        var reports: [CallPhrases] { events.withLockedValue { $0 }.compactMap { if case .callPhrases(let r) = $0 { r } else { nil } } }
    }

    static func wired() -> (PhraseListener, Recorder, CallEventStream) {
        let configuration = Configuration()
        let listener = PhraseListener(settings: configuration.phrases, analysis: configuration.ingest.analysis, logger: Logger(label: "test"))
        let recorder = Recorder()
        let stream = CallEventStream(subscribers: [listener, recorder])
        listener.connect(to: stream)
        return (listener, recorder, stream)
    }

    static func opened(_ id: String, agent: String = "a1") -> CallEvent {
        .callOpened(CallRecord(callId: id, agentId: agent, team: "blue", callerNumber: "+33100000001", isStatic: false, startedAt: 0, legs: []))
    }

    static func closed(_ id: String) -> CallEvent {
        .callClosed(CallRecord(callId: id, agentId: "a1", team: "blue", callerNumber: nil, isStatic: false, startedAt: 0, legs: []))
    }

    static func finished(_ id: String) -> CallEvent {
        .transcriptProgress(TranscriptProgress(callId: id, leg: .agent, through: 10, finished: true))
    }

    @Test func aCallIsSummedUpOnceClosedAndCompleteInEitherOrder() {
        let (listener, recorder, stream) = Self.wired()
        for id in ["close-first", "complete-first"] { stream.publish(Self.opened(id)) }
        stream.publish(
            .transcriptSegment(
                TranscriptSegment(
                    callId: "close-first", agentId: "a1", team: "blue", leg: .agent, start: 1, end: 2, text: "Bonjour", language: "fr",
                    confidence: 0.9)))
        stream.publish(Self.closed("close-first"))
        #expect(recorder.reports.isEmpty)
        stream.publish(Self.finished("close-first"))
        stream.publish(Self.finished("complete-first"))
        #expect(recorder.reports.map(\.callId) == ["close-first"])
        stream.publish(Self.closed("complete-first"))
        #expect(recorder.reports.map(\.callId) == ["close-first", "complete-first"])
        #expect(recorder.reports.first?.steps.first?.status == .onTime)
        #expect(listener.statistics.reports == 2 && listener.statistics.calls == 0)
        #expect(listener.statistics.detections[.script] == 1)
    }

    /// An alert on what was said raised after the call's last checkpoint is written with the call
    /// beside the summary's own (and counted once).
    @Test func alertsOnWhatWasSaidSinceTheLastCheckpointAreWrittenWithTheCall() {
        func alert(_ id: String, _ metric: AlertRule.Metric) -> Alert {
            Alert(id: id, callId: "c1", rule: id, metric: metric, severity: .critical, condition: "", value: 1, raisedAt: 3)
        }
        var metrics = ConversationMetrics(from: 0, to: 30)
        metrics.talkRatio = 0.5
        let summary = CallSummary(
            callId: "c1", mediaSeconds: 30, metrics: metrics, finalScore: Scorecard.standard.score(metrics), turns: 2, interruptions: [],
            deadAirSpans: [], overtalkSpans: [], responseLatencies: [], alerts: [alert("dead-air-1", .deadAir)], legs: [], note: nil)
        var call = UnwrittenCall()
        call.record(.alertRaised(alert("dead-air-1", .deadAir)))
        call.record(.alertRaised(alert("customer-irritant-1", .customerIrritants)))
        let record = CallRecord(
            callId: "c1", agentId: "a1", team: "blue", callerNumber: nil, isStatic: false, startedAt: 0, endedAt: 30, legs: [],
            summary: summary)
        let final = call.final(record, now: .now)
        #expect(final.alerts.map(\.id) == ["dead-air-1", "customer-irritant-1"])
        #expect(final.call.alertCount == 2)
    }

    @Test func anErasedAgentsCallsAreLetGo() {
        let (listener, recorder, stream) = Self.wired()
        stream.publish(Self.opened("c1", agent: "gone"))
        stream.publish(Self.opened("c2", agent: "kept"))
        #expect(listener.holdsData(about: .agent("gone")))
        #expect(listener.forget(.agent("gone")) == 1)
        #expect(!listener.holdsData(about: .agent("gone")) && listener.holdsData(about: .agent("kept")))
        stream.publish(Self.closed("c1"))
        stream.publish(Self.finished("c1"))
        #expect(recorder.reports.isEmpty)
    }
}

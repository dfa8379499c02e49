import CCRCore
import Foundation
import CCRSpeech
import Logging
import NIOConcurrencyHelpers
import Testing

@testable import CCRServer

/// The transcriber as a peer of the event stream, on a scripted engine: utterances in, one
/// `transcript.segment` per utterance out on the call's media time, the guards applied, the
/// language found once per leg, failures and shutdown counted as gaps.
@Suite("Transcription service")
struct TranscriptionServiceTests {
    /// An engine that answers from a script and counts what it was asked.
    final class ScriptedEngine: SpeechEngine, @unchecked Sendable {
        let name = "scripted"
        let detections = NIOLockedValueBox(0)
        /// The prompt of each transcription asked.
        let prompts = NIOLockedValueBox<[String?]>([])
        let answer: @Sendable (Int) -> [RecognizedSegment]?
        let sureness: Double
        init(sureness: Double = 0.95, answer: @escaping @Sendable (Int) -> [RecognizedSegment]?) {
            self.answer = answer
            self.sureness = sureness
        }
        func makeDecoder() throws(TranscriptionError) -> any SpeechDecoder { Decoder(engine: self) }

        struct Decoder: SpeechDecoder {
            let engine: ScriptedEngine
            func detectLanguage(_ samples: [Float], among candidates: [String]) throws(TranscriptionError) -> (code: String, probability: Double) {
                engine.detections.withLockedValue { $0 += 1 }
                return (candidates.last!, engine.sureness)
            }
            func transcribe(_ samples: [Float], language: String, prompt: String?) throws(TranscriptionError) -> [RecognizedSegment] {
                engine.prompts.withLockedValue { $0.append(prompt) }
                guard let answer = engine.answer(samples.count / 16_000) else { throw .decodingFailed(-3) }
                return answer
            }
        }
    }

    /// Collects what comes back on the stream.
    final class Recorder: CallEventSubscriber, Sendable {
        let events = NIOLockedValueBox<[CallEvent]>([])
        func receive(_ event: CallEvent) { events.withLockedValue { $0.append(event) } }
        var holderName: String { "recorder" }
        func forget(_ subject: Subject) -> Int { 0 }
        func holdsData(about subject: Subject) -> Bool { false }
        var segments: [TranscriptSegment] { events.withLockedValue { $0 }.compactMap { if case .transcriptSegment(let s) = $0 { s } else { nil } } }
        var gaps: [TranscriptGap] { events.withLockedValue { $0 }.compactMap { if case .transcriptGap(let g) = $0 { g } else { nil } } }
        var progress: [TranscriptProgress] {
            events.withLockedValue { $0 }.compactMap { if case .transcriptProgress(let p) = $0 { p } else { nil } }
        }
    }

    static func utterance(_ call: String, _ leg: Leg, start: Double, seconds: Int) -> Utterance {
        Utterance(callId: call, agentId: "a1", team: "blue", leg: leg, number: 0, start: start, samples: [Float](repeating: 0.01, count: seconds * 16_000))
    }

    static func run(_ service: TranscriptionService, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await service.run() }
            try await body()
            group.cancelAll()
        }
    }

    static func waitFor(_ condition: () -> Bool) async {
        for _ in 0..<200 where !condition() { try? await Task.sleep(for: .milliseconds(10)) }
    }

    @Test func segmentsComeBackOnTheCallsTimeWithTheGuardsApplied() async throws {
        let engine = ScriptedEngine { seconds in
            switch seconds {
            case 3:
                [
                    RecognizedSegment(
                        start: 0.2, end: 1.4, text: "My number is 4970 1012 3456.", noSpeechProbability: 0.1, averageLogProbability: -0.3,
                        meanProbability: 0.8, words: [TranscriptWord(text: "My", start: 0.2, end: 0.4, probability: 0.9)]),
                    RecognizedSegment(start: 1.5, end: 9.0, text: "Thank you.", noSpeechProbability: 0.2, averageLogProbability: -0.2, meanProbability: 0.6),
                ]
            case 2: [RecognizedSegment(start: 0, end: 2, text: "You", noSpeechProbability: 0.9, averageLogProbability: -0.5)]
            case 4: [RecognizedSegment(start: 0, end: 2, text: "blah mou", noSpeechProbability: 0.1, averageLogProbability: -1.6)]
            default: nil
            }
        }
        let service = TranscriptionService(settings: TranscriptionSettings(), engine: engine, logger: Logger(label: "test"))
        let recorder = Recorder()
        service.connect(to: CallEventStream(subscribers: [recorder]))
        try await Self.run(service) {
            service.receive(.utterance(Self.utterance("c1", .agent, start: 10, seconds: 3)))
            service.receive(.utterance(Self.utterance("c1", .agent, start: 20, seconds: 2)))  // no speech: dropped
            service.receive(.utterance(Self.utterance("c1", .customer, start: 30, seconds: 4)))  // low log-probability: dropped
            service.receive(.utterance(Self.utterance("c1", .customer, start: 40, seconds: 5)))  // the engine fails
            await Self.waitFor { service.statistics.segments + service.statistics.silent + recorder.gaps.count == 4 }
        }
        let segment = try #require(recorder.segments.first)
        #expect(recorder.segments.count == 1)
        #expect(segment.text == "My number is #### #### ####. Thank you.")
        #expect(segment.start == 10.2 && segment.end == 13, "clamped to the utterance's end")
        #expect(segment.words == [TranscriptWord(text: "My", start: 10.2, end: 10.4, probability: 0.9)])
        #expect(segment.language == "en" && segment.leg == .agent && segment.agentId == "a1" && segment.team == "blue")
        #expect(abs(segment.confidence - 0.7) < 0.001)
        // What a broken engine says is checked: nothing out of range reaches the stream.
        let odd = service.assemble(
            [RecognizedSegment(start: .nan, end: .infinity, text: "odd", noSpeechProbability: 0, averageLogProbability: -0.1, meanProbability: 9,
                               words: [TranscriptWord(text: "odd", start: -4, end: 1e300, probability: -.infinity)])],
            of: Self.utterance("c1", .agent, start: 5, seconds: 2), language: "en")
        #expect(odd?.start == 5 && odd?.end == 7 && odd?.confidence == 1 && odd?.words.first == TranscriptWord(text: "odd", start: 5, end: 7, probability: 0))
        #expect(service.assemble(
            [RecognizedSegment(start: 0, end: 1, text: "x", noSpeechProbability: .nan, averageLogProbability: 800)],
            of: Self.utterance("c1", .agent, start: 5, seconds: 2), language: "en") == nil)
        #expect(recorder.gaps == [TranscriptGap(callId: "c1", leg: .customer, start: 40, end: 45, reason: .failed)])
        let statistics = service.statistics
        #expect(statistics.silent == 2 && statistics.utterances == 4 && statistics.gaps == ["failed": 1])
        // Detected once per leg (auto among fr, en: the scripted engine says the last).
        #expect(engine.detections.withLockedValue { $0 } == 2)
    }

    @Test func aConfiguredLanguageIsNotDetectedAndUnavailableTakesNothing() async throws {
        let engine = ScriptedEngine { _ in [RecognizedSegment(start: 0, end: 1, text: "Bonjour", noSpeechProbability: 0)] }
        var settings = TranscriptionSettings()
        settings.teamLanguages = ["blue": "fr"]
        let service = TranscriptionService(settings: settings, engine: engine, logger: Logger(label: "test"))
        let recorder = Recorder()
        service.connect(to: CallEventStream(subscribers: [recorder]))
        try await Self.run(service) {
            service.receive(.utterance(Self.utterance("c1", .agent, start: 0, seconds: 1)))
            await Self.waitFor { recorder.segments.count == 1 }
        }
        #expect(recorder.segments.first?.language == "fr" && engine.detections.withLockedValue { $0 } == 0)

        let off = TranscriptionService(settings: settings, engine: nil, unavailableReason: "no model at /x", logger: Logger(label: "test"))
        #expect(!off.isAvailable && off.unavailableReason == "no model at /x")
        off.receive(.utterance(Self.utterance("c1", .agent, start: 0, seconds: 1)))
        #expect(off.statistics.utterances == 0)
    }

    /// Each utterance done says how far its leg has come; the call's close, once nothing of it is
    /// left, says it is finished. The phrase book's prompt goes to the decoder in the leg's language.
    @Test func progressIsToldPerLegAndThePromptFollowsTheLanguage() async throws {
        let engine = ScriptedEngine { seconds in
            seconds == 2 ? [] : [RecognizedSegment(start: 0, end: 1, text: "Bonjour", noSpeechProbability: 0)]
        }
        var settings = TranscriptionSettings()
        settings.teamLanguages = ["blue": "fr"]
        let service = TranscriptionService(settings: settings, engine: engine, logger: Logger(label: "test"))
        let recorder = Recorder()
        service.connect(to: CallEventStream(subscribers: [recorder]))
        service.setPrompts(["fr": "bonjour, au revoir.", "en": "hello."])
        try await Self.run(service) {
            var second = Self.utterance("c1", .agent, start: 5, seconds: 2)  // heard as silence
            second.number = 1
            service.receive(.utterance(Self.utterance("c1", .agent, start: 1, seconds: 1)))
            service.receive(.utterance(second))
            service.receive(.utterance(Self.utterance("c1", .customer, start: 2, seconds: 1)))
            await Self.waitFor { recorder.progress.count == 3 }
            #expect(recorder.progress.allSatisfy { !$0.finished })
            #expect(recorder.progress.filter { $0.leg == .agent }.map(\.through).max() == 7)
            #expect(recorder.progress.filter { $0.leg == .customer }.map(\.through) == [3])
            service.receive(.callClosed(CallRecord(callId: "c1", agentId: "a1", team: "blue", callerNumber: nil, isStatic: false, startedAt: 0, legs: [])))
            await Self.waitFor { recorder.progress.count == 4 }
        }
        #expect(recorder.progress.last?.finished == true)
        #expect(engine.prompts.withLockedValue { $0 } == ["bonjour, au revoir.", "bonjour, au revoir.", "bonjour, au revoir."])
    }

    @Test func anUnsureLanguageIsHeardAgainThreeTimesAtMost() async throws {
        let engine = ScriptedEngine(sureness: 0.6) { _ in [RecognizedSegment(start: 0, end: 1, text: "Hello", noSpeechProbability: 0)] }
        let service = TranscriptionService(settings: TranscriptionSettings(), engine: engine, logger: Logger(label: "test"))
        let recorder = Recorder()
        service.connect(to: CallEventStream(subscribers: [recorder]))
        try await Self.run(service) {
            for number in 0..<5 {
                var utterance = Self.utterance("c1", .agent, start: Double(number) * 2, seconds: 1)
                utterance.number = number
                service.receive(.utterance(utterance))
            }
            await Self.waitFor { recorder.segments.count == 5 }
        }
        #expect(engine.detections.withLockedValue { $0 } == 3)
        #expect(recorder.segments.allSatisfy { $0.language == "en" })
    }

    @Test func whatWaitsAtShutdownIsCountedAndAnErasedAgentsUtterancesGo() async throws {
        // An engine that takes its time, so utterances wait behind the first.
        let engine = ScriptedEngine { _ in
            Thread.sleep(forTimeInterval: 0.3)
            return []
        }
        let service = TranscriptionService(settings: TranscriptionSettings(), engine: engine, logger: Logger(label: "test"))
        let recorder = Recorder()
        service.connect(to: CallEventStream(subscribers: [recorder]))
        try await Self.run(service) {
            for index in 0..<4 { service.receive(.utterance(Self.utterance("c\(index)", .agent, start: 0, seconds: 1))) }
            await Self.waitFor { service.statistics.queued == 3 }
            #expect(service.holdsData(about: .agent("a1")))
            #expect(service.forget(.agent("a1")) == 3)
            #expect(!service.holdsData(about: .agent("a1")))
            service.receive(.utterance(Self.utterance("late", .agent, start: 0, seconds: 1)))
        }
        await Self.waitFor { !recorder.gaps.isEmpty }
        #expect(recorder.gaps.map(\.reason) == [.stopped] && recorder.gaps.map(\.callId) == ["late"])
    }
}

import CCRCore
import CCRSpeech
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Transcription, a peer of the event stream: it takes the calls' utterances, queues them within
/// a budget (`TranscriptionQueue`), decodes them on its own threads — never the event loops —
/// with one shared engine, and puts what was said back on the stream as `transcript.segment`
/// (and what it had to skip as `transcript.gap`, which the call's coverage counts).
///
/// Without an engine (this build has none, the model is missing, transcription is off) it says
/// why (`unavailableReason`) and takes nothing; calls are then cut into no utterances at all.
public final class TranscriptionService: CallEventSubscriber, Service, Sendable {
    public let settings: TranscriptionSettings
    /// Why nothing is transcribed; nil when the engine is up.
    public let unavailableReason: String?
    public let engineName: String?
    private let engine: (any SpeechEngine)?
    private let logger: Logger
    private let redaction: DigitRedaction
    private let shared: Shared
    private let stream = Mutex<CallEventStream?>(nil)
    /// Decoder prompts per language (`phrases.prompt`); empty: none.
    private let prompts = Mutex<[String: String]>([:])

    public init(settings: TranscriptionSettings, engine: (any SpeechEngine)?, unavailableReason: String? = nil, logger: Logger) {
        self.settings = settings
        self.engine = settings.enabled ? engine : nil
        self.engineName = engine?.name
        self.unavailableReason =
            !settings.enabled ? "transcription.enabled is false" : engine == nil ? (unavailableReason ?? "no engine") : nil
        self.logger = logger
        self.redaction = DigitRedaction(minimum: settings.redactDigits)
        self.shared = Shared(queue: TranscriptionQueue(maxBacklogSeconds: settings.maxBacklogSeconds, maxLag: settings.maxLag))
    }

    /// Whether utterances are taken (the engine is up).
    public var isAvailable: Bool { engine != nil }

    /// Why transcription does not work now: the engine's absence, or no decoding thread could start.
    public var currentProblem: String? {
        if let unavailableReason { return unavailableReason }
        return shared.withLock { state in
            state.brokenWorkers >= max(1, settings.workers) ? "no decoding thread could start: \(state.workerError ?? "")" : nil
        }
    }

    /// Words the engine is told to expect, per language (`phrases.prompt`; set at start and reload).
    public func setPrompts(_ prompts: [String: String]) {
        self.prompts.withLock { $0 = prompts }
    }

    /// Where segments and gaps go: the stream this service is a peer of (set once, when wired).
    public func connect(to stream: CallEventStream) {
        self.stream.withLock { $0 = stream }
    }

    public var statistics: TranscriptionStatistics {
        shared.withLock { state in
            var statistics = state.statistics
            statistics.queued = state.queue.count
            statistics.backlogSeconds = state.queue.backlogSeconds
            let sorted = state.latencies.sorted()
            if !sorted.isEmpty {
                statistics.latencyP50 = sorted[sorted.count / 2]
                statistics.latencyP99 = sorted[min(sorted.count - 1, Int(Double(sorted.count) * 0.99))]
            }
            return statistics
        }
    }

    // MARK: On the calls' event loops

    public func receive(_ event: CallEvent) {
        guard engine != nil else { return }
        switch event {
        case .utterance(let utterance):
            let (given, reason) = shared.withLock { state -> ([Utterance], TranscriptGap.Reason) in
                state.statistics.utterances += 1
                state.statistics.utteranceSeconds += utterance.duration
                state.ledger.added(utterance)
                // No thread to take it: it would only wait out the lag.
                if state.brokenWorkers >= max(1, settings.workers) { return ([utterance], .failed) }
                return (state.queue.add(utterance, now: Self.now()), .backlog)
            }
            shared.signal()
            for skipped in given { gap(skipped, reason) }
        case .alertRaised(let alert):
            shared.withLock { $0.queue.alertRaised(callId: alert.callId) }
        case .alertCleared(let alert):
            shared.withLock { $0.queue.alertCleared(callId: alert.callId) }
        case .callClosed(let record):
            let finished = shared.withLock { state in
                state.queue.callClosed(callId: record.callId)
                return state.ledger.closed(callId: record.callId)
            }
            if let finished { stream.withLock { $0 }?.publish(.transcriptProgress(finished)) }
        default:
            break
        }
    }

    // MARK: Running

    public func run() async throws {
        guard let engine else {
            try? await gracefulShutdown()
            return
        }
        let workers = max(1, settings.workers)
        let finished = DispatchGroup()
        for number in 0..<workers {
            finished.enter()
            let thread = Thread { [self] in
                defer { finished.leave() }
                work(engine: engine, number: number)
            }
            thread.name = "ccrd-asr-\(number)"
            thread.start()
        }
        logger.info(
            "transcription ready",
            metadata: [
                "transcription.engine": "\(engine.name)", "transcription.workers": "\(workers)",
                "transcription.language": "\(settings.language)",
            ])
        try? await gracefulShutdown()
        shared.stop()
        // The utterances being decoded finish (a few seconds at most with whisper.cpp; a server
        // that hangs could take its whole timeout): the writers after this service wait no
        // longer than `shutdownWait` for them.
        let done = await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                await withCheckedContinuation { continuation in
                    finished.notify(queue: .global()) { continuation.resume() }
                }
                return true
            }
            group.addTask {
                try? await Task.sleep(for: Self.shutdownWait)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
        if !done {
            logger.warning("transcription stopped without waiting for the utterances still being decoded", metadata: ["transcription.wait": "\(Self.shutdownWait)"])
        }
        let left = shared.withLock { $0.queue.drain() }
        for utterance in left { gap(utterance, .stopped) }
        if !left.isEmpty {
            logger.notice("transcription stopped with utterances still waiting; they are counted as not transcribed", metadata: ["transcription.skipped": "\(left.count)"])
        }
    }

    /// One decoding thread: takes the most deserving utterance, decodes it, sends what was said.
    private func work(engine: any SpeechEngine, number: Int) {
        if !Self.yieldToIngest() && number == 0 {
            logger.notice(
                "transcription threads cannot lower their priority (setpriority refused; a systemd unit needs SystemCallFilter=setpriority): they compete with ingest as equals")
        }
        let decoder: any SpeechDecoder
        do {
            decoder = try engine.makeDecoder()
        } catch {
            let all = shared.withLock { state in
                state.brokenWorkers += 1
                state.workerError = "\(error)"
                return state.brokenWorkers >= max(1, settings.workers)
            }
            if all {
                logger.critical(
                    "no transcription thread could start: utterances are counted as not transcribed",
                    metadata: ["error": "\(error)"])
            } else {
                logger.error("a transcription thread cannot start; the others go on", metadata: ["error": "\(error)", "transcription.worker": "\(number)"])
            }
            return
        }
        shared.withLock { $0.workers += 1 }
        defer { shared.withLock { $0.workers -= 1 } }
        while let taken = shared.take(now: Self.now) {
            for late in taken.expired { gap(late, .lag) }
            guard let next = taken.next else { continue }
            transcribe(next.utterance, enqueued: next.enqueued, with: decoder)
        }
    }

    private func transcribe(_ utterance: Utterance, enqueued: Int64, with decoder: any SpeechDecoder) {
        let began = Self.threadCPUTime()
        var detected = false
        do {
            var language = settings.language(agentId: utterance.agentId, team: utterance.team)
            if language == "auto" {
                let key = utterance.callId + "\u{0}" + utterance.leg.rawValue
                if let known = shared.withLock({ $0.languages[key] }) {
                    language = known
                } else {
                    // Once per leg, when the engine is sure; an unsure guess (a short greeting, a
                    // name) serves this utterance only, and the next one is heard again, three at most.
                    let found = try decoder.detectLanguage(utterance.samples, among: settings.detect)
                    language = found.code
                    detected = true
                    shared.withLock { $0.tried(found, for: key, sure: Self.sureLanguage) }
                }
            }
            let recognized = try decoder.transcribe(utterance.samples, language: language, prompt: prompts.withLock { $0[language] })
            let segment = assemble(recognized, of: utterance, language: language)
            if logger.logLevel <= .debug {
                logger.debug(
                    "utterance transcribed",
                    metadata: [
                        "call.id": "\(utterance.callId)", "leg": "\(utterance.leg.rawValue)", "utterance.start": "\(utterance.start)",
                        "utterance.seconds": "\(utterance.duration)", "language": "\(language)", "kept": "\(segment != nil)",
                        "segments": "\(recognized.map { "\($0.text) [noSpeech \($0.noSpeechProbability), logprob \($0.averageLogProbability)]" })",
                    ])
            }
            let cpu = Self.threadCPUTime() - began
            let latency = Double(Self.now() - enqueued) / 1e9
            shared.withLock { state in
                state.statistics.decodedSeconds += utterance.duration
                state.statistics.cpuSeconds += cpu
                if detected { state.statistics.detections += 1 }
                if segment == nil { state.statistics.silent += 1 } else { state.statistics.segments += 1 }
                state.recordLatency(latency)
            }
            if let segment { stream.withLock { $0 }?.publish(.transcriptSegment(segment)) }
            done(utterance)
        } catch {
            logger.warning("an utterance could not be transcribed", metadata: ["error": "\(error)", "call.id": "\(utterance.callId)"])
            gap(utterance, .failed)
        }
    }

    /// One segment of what the engine heard in the utterance, on the call's media time, the
    /// guards applied and digits masked; nil when nothing is kept.
    func assemble(_ recognized: [RecognizedSegment], of utterance: Utterance, language: String) -> TranscriptSegment? {
        // What an engine (a remote one above all) says is checked: a probability out of 0 … 1
        // or a figure that is not a number never reaches a client or the store.
        func probability(_ value: Double) -> Double { value.isFinite ? min(1, max(0, value)) : 0 }
        let kept = recognized.filter { segment in
            !segment.text.isEmpty && segment.noSpeechProbability.isFinite && segment.noSpeechProbability <= settings.maxNoSpeechProbability
                && segment.averageLogProbability.isFinite && segment.averageLogProbability <= 0
                && segment.averageLogProbability >= settings.minAverageLogProbability
        }
        guard let first = kept.first, let last = kept.last else { return nil }
        let duration = utterance.duration
        func clamp(_ seconds: Double) -> Double { utterance.start + (seconds.isNaN ? 0 : min(max(0, seconds), duration)) }
        let words = kept.flatMap(\.words).map { word in
            TranscriptWord(text: word.text, start: clamp(word.start), end: clamp(word.end), probability: probability(word.probability))
        }
        let text = kept.map(\.text).joined(separator: " ")
        let weights = kept.map { Double(max(1, $0.words.count)) }
        let confidence = zip(kept, weights).reduce(0) { $0 + probability($1.0.meanProbability) * $1.1 } / weights.reduce(0, +)
        return TranscriptSegment(
            callId: utterance.callId, agentId: utterance.agentId, team: utterance.team, leg: utterance.leg,
            start: clamp(first.start), end: max(clamp(first.start), clamp(last.end)), text: redaction.redact(text),
            words: redaction.redact(words), language: language, confidence: confidence)
    }

    private func gap(_ utterance: Utterance, _ reason: TranscriptGap.Reason) {
        shared.withLock { state in
            state.statistics.gaps[reason.rawValue, default: 0] += 1
            state.statistics.gapSeconds += utterance.duration
        }
        stream.withLock { $0 }?.publish(
            .transcriptGap(TranscriptGap(callId: utterance.callId, leg: utterance.leg, start: utterance.start, end: utterance.end, reason: reason)))
        done(utterance)
    }

    /// Tells the stream how far the utterance's leg has come now that it is done.
    private func done(_ utterance: Utterance) {
        let progress = shared.withLock {
            $0.ledger.done(callId: utterance.callId, leg: utterance.leg, start: utterance.start, end: utterance.end)
        }
        if let progress { stream.withLock { $0 }?.publish(.transcriptProgress(progress)) }
    }

    /// Decoding threads run at a lower priority (nice 10) than the event loops: when the cores
    /// are short, the scheduler serves ingest and alerts first and transcription falls behind.
    /// Whether it could.
    static func yieldToIngest() -> Bool {
        #if canImport(Glibc)
        // On Linux the nice value is per thread; `who` 0 is the calling thread (setpriority(2)).
        return setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10) == 0
        #else
        return false
        #endif
    }

    /// How long a shutdown waits for the utterances being decoded.
    static let shutdownWait: Duration = .seconds(5)

    /// A detected language is kept for the leg at this probability (among the candidates) or more.
    static let sureLanguage = 0.8

    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }

    static func threadCPUTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }
}

// MARK: - Forgetting

extension TranscriptionService {
    public var holderName: String { "transcription" }

    /// Utterances of an agent's calls that still wait are dropped (a caller's are not known by
    /// number here: they are cut from calls the store then refuses to keep).
    public func forget(_ subject: Subject) -> Int {
        guard case .agent(let id) = subject else { return 0 }
        return shared.withLock { state in
            state.ledger.forget(agentId: id)
            return state.queue.remove { $0.agentId == id }
        }
    }

    public func holdsData(about subject: Subject) -> Bool {
        guard case .agent(let id) = subject else { return false }
        return shared.withLock { $0.queue.contains { $0.agentId == id } }
    }
}

import CCRCore
import Logging
import Synchronization

/// Listens to every call's transcript for the phrase book, a peer of the event stream: it keeps
/// one `CallPhraseTracker` per call, and puts what it finds back on the stream —
/// `phrase.detected`, alerts on what was said (rules whose metric `isHeard`), and once a call is
/// closed and its transcription complete, `call.phrases`, which the transcript writer stores.
///
/// Segments come from the decoding threads, so matching runs there, under the call's own lock;
/// the calls' event loops only take the short lock of the call table (opening, closing, the
/// call's time moving on). What it holds is bounded by the calls open or still being
/// transcribed (`maxCalls`).
public final class PhraseListener: CallEventSubscriber, Sendable {
    /// One call, behind its own lock: matching a segment (on a decoding thread) holds only it.
    private final class Call: Sendable {
        struct State: Sendable {
            var tracker: CallPhraseTracker
            var summary: CallSummary?
            var closed = false
            var finished = false
            var done = false
        }
        let agentId: String
        let state: Mutex<State>
        init(tracker: CallPhraseTracker) {
            agentId = tracker.agentId
            state = Mutex(State(tracker: tracker))
        }
    }

    private struct State: Sendable {
        var settings: PhraseSettings
        var rules: [AlertRule]
        var scorecard: Scorecard
        var calls: [String: Call] = [:]
        /// When each closed call still waiting for its transcription was closed.
        var closedAt: [String: ContinuousClock.Instant] = [:]
        var lastSweep = ContinuousClock.now
        var statistics = PhraseStatistics()
    }

    /// Calls followed at once; past it new calls are not listened to (and counted).
    public static let maxCalls = 50_000
    /// A closed call whose transcription never says it is complete is summed up after this.
    static let finishWait: Duration = .seconds(900)
    /// How often closed calls are checked for that.
    static let sweepInterval: Duration = .seconds(60)

    private let state: Mutex<State>
    private let stream = Mutex<CallEventStream?>(nil)
    private let logger: Logger

    public init(settings: PhraseSettings, analysis: AnalysisSettings, logger: Logger) {
        self.state = Mutex(State(settings: settings, rules: analysis.alertRules.filter(\.metric.isHeard), scorecard: analysis.scorecard))
        self.logger = logger
    }

    /// Where detections, alerts and reports go: the stream this listener is a peer of.
    public func connect(to stream: CallEventStream) {
        self.stream.withLock { $0 = stream }
    }

    /// A reloaded configuration: calls opened from now on use the new book, rules and scorecard
    /// (none, when `phrases.enabled` is now false or the book empty); calls under way keep theirs.
    public func reload(settings: PhraseSettings, analysis: AnalysisSettings) {
        state.withLock { state in
            state.settings = settings
            state.rules = analysis.alertRules.filter(\.metric.isHeard)
            state.scorecard = analysis.scorecard
        }
    }

    /// Figures for `/metrics`.
    public var statistics: PhraseStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.calls = state.calls.count
            return statistics
        }
    }

    public func receive(_ event: CallEvent) {
        switch event {
        case .callOpened(let record):
            open(record.callId, agentId: record.agentId, team: record.team)
        case .callStarted(let info, _):
            open(info.callId, agentId: info.agentId, team: info.team)
        case .transcriptSegment(let segment):
            let found = update(segment.callId) { state, _ in state.tracker.hear(segment) }
            var sets: [PhraseKind: Int] = [:]
            for case .phraseDetected(let detection) in found { sets[detection.set, default: 0] += 1 }
            if !sets.isEmpty {
                state.withLock { state in
                    for (set, count) in sets { state.statistics.detections[set, default: 0] += count }
                }
            }
        case .transcriptGap(let gap):
            update(gap.callId) { state, _ in
                state.tracker.gap(gap)
                return []
            }
        case .transcriptProgress(let progress):
            update(progress.callId) { state, scorecard in
                let events = state.tracker.progress(progress)
                if progress.finished { state.finished = true }
                return events + Self.finishIfDone(&state, scorecard: scorecard)
            }
        case .windowScored(let window):
            update(window.callId) { state, _ in state.tracker.advance(to: window.window.to) }
        case .callClosed(let record):
            let summed = update(record.callId) { state, scorecard in
                state.closed = true
                state.summary = record.summary
                return Self.finishIfDone(&state, scorecard: scorecard)
            }
            if summed.isEmpty { state.withLock { if $0.calls[record.callId] != nil { $0.closedAt[record.callId] = .now } } }
            sweep()
        default:
            return
        }
    }

    /// Changes one call under its own lock and publishes what that gave before letting go of it,
    /// so a call's events go out in the order its tracker made them whichever threads feed it.
    /// Returns them.
    @discardableResult
    private func update(_ callId: String, _ body: (inout Call.State, Scorecard) -> [CallEvent]) -> [CallEvent] {
        guard let call = call(callId) else { return [] }
        let scorecard = self.scorecard
        let stream = self.stream.withLock { $0 }
        return call.state.withLock { state in
            let wasDone = state.done
            let events = body(&state, scorecard)
            // The call's own events come back through `receive` and are ignored there: no lock is taken again.
            for event in events { stream?.publish(event) }
            if state.done && !wasDone { ended(callId) }
            return events
        }
    }

    private func call(_ callId: String) -> Call? {
        state.withLock { $0.calls[callId] }
    }

    private func open(_ callId: String, agentId: String, team: String?) {
        state.withLock { state in
            guard state.calls[callId] == nil, state.settings.enabled, !state.settings.book.isEmpty else { return }
            guard state.calls.count < Self.maxCalls else {
                state.statistics.refusedCalls += 1
                return
            }
            state.calls[callId] = Call(
                tracker: CallPhraseTracker(callId: callId, agentId: agentId, team: team, book: state.settings.book, rules: state.rules))
        }
    }

    /// A call summed up leaves the listener.
    private func ended(_ callId: String) {
        state.withLock { state in
            state.calls[callId] = nil
            state.closedAt[callId] = nil
            state.statistics.reports += 1
        }
    }

    /// The call's report, once it is closed and its transcription complete (or given up on),
    /// scored with the running `scorecard`.
    private static func finishIfDone(_ call: inout Call.State, scorecard: Scorecard, force: Bool = false) -> [CallEvent] {
        guard !call.done, call.closed, call.finished || force else { return [] }
        call.done = true
        return call.tracker.finish(summary: call.summary, scorecard: scorecard, complete: call.finished)
    }

    private var scorecard: Scorecard { state.withLock { $0.scorecard } }

    /// Closed calls whose transcription never said it was complete (a lost utterance): summed up
    /// with what was heard, at most once a minute.
    private func sweep() {
        let now = ContinuousClock.now
        let stale: [String] = state.withLock { state in
            guard now - state.lastSweep >= Self.sweepInterval else { return [] }
            state.lastSweep = now
            return state.closedAt.filter { now - $0.value > Self.finishWait }.map(\.key)
        }
        guard !stale.isEmpty else { return }
        logger.warning("calls summed up without their transcription complete", metadata: ["calls": "\(stale.count)"])
        for callId in stale {
            update(callId) { state, scorecard in Self.finishIfDone(&state, scorecard: scorecard, force: true) }
        }
    }
}

// MARK: - Forgetting

extension PhraseListener {
    public var holderName: String { "phrases" }

    /// An erased agent's calls are no longer listened to (a caller's calls are refused by the store).
    public func forget(_ subject: Subject) -> Int {
        guard case .agent(let id) = subject else { return 0 }
        return state.withLock { state in
            let before = state.calls.count
            state.calls = state.calls.filter { $0.value.agentId != id }
            state.closedAt = state.closedAt.filter { state.calls[$0.key] != nil }
            return before - state.calls.count
        }
    }

    public func holdsData(about subject: Subject) -> Bool {
        guard case .agent(let id) = subject else { return false }
        return state.withLock { $0.calls.values.contains { $0.agentId == id } }
    }
}

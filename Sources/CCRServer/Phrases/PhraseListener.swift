import CCRCore
import Logging
import Synchronization

/// Listens to every call's transcript for the phrase book, a peer of the event stream: it keeps
/// one `CallPhraseTracker` per call, and puts what it finds back on the stream —
/// `phrase.detected`, alerts on what was said (rules whose metric `isHeard`), and once a call is
/// closed and its transcription complete, `call.phrases`, which the transcript writer stores.
///
/// It runs on whichever thread publishes (the calls' event loops, the decoding threads): a lock
/// and a few string comparisons per segment. What it holds is bounded by the calls open or
/// still being transcribed (`maxCalls`).
public final class PhraseListener: CallEventSubscriber, Sendable {
    private struct Call: Sendable {
        var tracker: CallPhraseTracker
        var summary: CallSummary?
        var closed = false
        var finished = false
        var closedAt: ContinuousClock.Instant?
    }

    private struct State: Sendable {
        var settings: PhraseSettings
        var rules: [AlertRule]
        var scorecard: Scorecard
        var calls: [String: Call] = [:]
        var statistics = PhraseStatistics()
    }

    /// Calls followed at once; past it new calls are not listened to (and counted).
    public static let maxCalls = 50_000
    /// A closed call whose transcription never says it is complete is summed up after this.
    static let finishWait: Duration = .seconds(900)

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

    /// A reloaded configuration: calls opened from now on use the new book, rules and scorecard.
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
        let out: [CallEvent] = state.withLock { state in
            switch event {
            case .callOpened(let record):
                open(record.callId, agentId: record.agentId, team: record.team, in: &state)
                return []
            case .callStarted(let info, _):
                open(info.callId, agentId: info.agentId, team: info.team, in: &state)
                return []
            case .transcriptSegment(let segment):
                let events = state.calls[segment.callId]?.tracker.hear(segment) ?? []
                for case .phraseDetected(let detection) in events { state.statistics.detections[detection.set, default: 0] += 1 }
                return events
            case .transcriptGap(let gap):
                state.calls[gap.callId]?.tracker.gap(gap)
                return []
            case .transcriptProgress(let progress):
                var events = state.calls[progress.callId]?.tracker.progress(progress) ?? []
                if progress.finished {
                    state.calls[progress.callId]?.finished = true
                    events += finishIfDone(progress.callId, in: &state)
                }
                return events
            case .windowScored(let window):
                return state.calls[window.callId]?.tracker.advance(to: window.window.to) ?? []
            case .callClosed(let record):
                state.calls[record.callId]?.closed = true
                state.calls[record.callId]?.summary = record.summary
                state.calls[record.callId]?.closedAt = .now
                return finishIfDone(record.callId, in: &state) + finishStale(in: &state)
            default:
                return []
            }
        }
        guard !out.isEmpty, let stream = stream.withLock({ $0 }) else { return }
        for event in out { stream.publish(event) }
    }

    private func open(_ callId: String, agentId: String, team: String?, in state: inout State) {
        guard state.calls[callId] == nil else { return }
        guard state.calls.count < Self.maxCalls else {
            state.statistics.refusedCalls += 1
            return
        }
        state.calls[callId] = Call(
            tracker: CallPhraseTracker(callId: callId, agentId: agentId, team: team, book: state.settings.book, rules: state.rules))
    }

    /// The call's report, once it is closed and its transcription complete.
    private func finishIfDone(_ callId: String, in state: inout State) -> [CallEvent] {
        guard let call = state.calls[callId], call.closed, call.finished else { return [] }
        return finish(callId, in: &state)
    }

    private func finish(_ callId: String, in state: inout State) -> [CallEvent] {
        guard var call = state.calls.removeValue(forKey: callId) else { return [] }
        state.statistics.reports += 1
        return call.tracker.finish(summary: call.summary, scorecard: state.scorecard)
    }

    /// Closed calls whose transcription never said it was complete (a lost utterance): summed up
    /// with what was heard.
    private func finishStale(in state: inout State) -> [CallEvent] {
        let now = ContinuousClock.now
        let stale = state.calls.filter { $0.value.closedAt.map { now - $0 > Self.finishWait } ?? false }.map(\.key)
        if !stale.isEmpty {
            logger.warning("calls summed up without their transcription complete", metadata: ["calls": "\(stale.count)"])
        }
        return stale.flatMap { finish($0, in: &state) }
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
            state.calls = state.calls.filter { $0.value.tracker.agentId != id }
            return before - state.calls.count
        }
    }

    public func holdsData(about subject: Subject) -> Bool {
        guard case .agent(let id) = subject else { return false }
        return state.withLock { $0.calls.values.contains { $0.tracker.agentId == id } }
    }
}

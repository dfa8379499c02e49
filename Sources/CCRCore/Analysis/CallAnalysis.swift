/// The analysis engine for one call: per-leg signal analysis, the conversation between the
/// legs, sliding-window and cumulative scores, and alert rules — frames in, events out.
///
/// The two legs' frames arrive interleaved and a little apart; the engine steps through
/// media time one frame at a time once both legs have delivered that frame. A leg more than
/// `maxLegSkew` behind (or absent, or with a gap) is taken as silent for the frames it missed,
/// and its frames that arrive after their time has been analysed are dropped and counted.
public struct CallAnalysis: CallAnalyzer, Sendable {
    public let info: CallInfo
    public let settings: AnalysisSettings

    private var agent: LegAnalysis?
    private var customer: LegAnalysis?
    private var agentQueue: [Frame] = []
    private var customerQueue: [Frame] = []
    private var lastDelivered: Int64 = -1
    /// Last frame index analysed.
    public private(set) var analysedFrame: Int64 = -1
    private var conversation: Conversation
    private var timeline: FrameTimeline
    private var evaluators: [AlertEvaluator]
    private let hopFrames: Int64
    private let windowFrames: Int64
    private let skewFrames: Int64
    private var latestNetwork: NetworkQuality?
    private var worstNetwork: NetworkQuality?
    private var latestWindowScore: Double?
    private var highestAgitation: [Double] = [0, 0]
    private var started = false
    private var finished = false

    /// Frames that came after their time had been analysed.
    public private(set) var lateFrames = 0
    /// The latest scored window.
    public private(set) var lastWindow: WindowScore?
    /// Every window's score so far (at most `maxTimeline`, oldest dropped).
    public private(set) var scoreTimeline: [WindowPoint] = []
    /// Alerts raised so far (at most `maxAlerts`, oldest dropped), cleared ones with their time.
    public private(set) var alerts: [Alert] = []
    /// The summary, once the call is finished.
    public private(set) var summary: CallSummary?

    static let maxTimeline = 2880
    static let maxAlerts = 500

    /// One point of the score timeline.
    public struct WindowPoint: Sendable, Codable, Equatable {
        public var to: Double
        public var score: Double
    }

    public init(info: CallInfo, settings: AnalysisSettings = AnalysisSettings()) {
        self.info = info
        self.settings = settings
        if info.legs.contains(.agent) { agent = LegAnalysis(leg: .agent, vad: settings.vad) }
        if info.legs.contains(.customer) { customer = LegAnalysis(leg: .customer, vad: settings.vad) }
        hopFrames = max(1, Seconds.frames(settings.windowHop))
        windowFrames = max(hopFrames, Seconds.frames(settings.windowLength))
        skewFrames = max(1, Seconds.frames(settings.maxLegSkew))
        timeline = FrameTimeline(capacity: Int(windowFrames + 100))
        conversation = Conversation(confirmationFrames: settings.vad.minSilenceFrames)
        evaluators = settings.alertRules.map(AlertEvaluator.init(rule:))
    }

    /// Whether the call has both legs (mono calls are scored on fewer metrics).
    public var hasBothLegs: Bool { agent != nil && customer != nil }

    // MARK: Input

    public mutating func consume(_ frame: Frame, emit: (CallEvent) -> Void) {
        guard !finished else { return }
        startIfNeeded(emit)
        let index = frame.start / Int64(Frame.sampleCount)
        guard index > analysedFrame, (frame.leg == .agent ? agent : customer) != nil else {
            lateFrames += 1
            return
        }
        if frame.leg == .agent { agentQueue.append(frame) } else { customerQueue.append(frame) }
        lastDelivered = max(lastDelivered, index)
        advance(final: false, emit: emit)
    }

    public mutating func networkQuality(_ quality: NetworkQuality) {
        latestNetwork = quality
        worstNetwork = worstNetwork.map { $0.worst(quality) } ?? quality
    }

    public mutating func finish(emit: (CallEvent) -> Void) {
        guard !finished else { return }
        startIfNeeded(emit)
        advance(final: true, emit: emit)
        finished = true
        let end = analysedFrame + 1
        for leg in info.legs {
            let transition = leg == .agent ? agent?.finish() : customer?.finish()
            if case .ended(let at)? = transition { conversation.speechEnded(leg, at: at) }
        }
        conversation.step(to: end)
        conversation.close()
        for index in evaluators.indices {
            if let alert = evaluators[index].close(at: end) {
                record(alert)
                emit(.alertCleared(alert))
            }
        }
        let metrics = cumulativeMetrics(to: end)
        let summary = CallSummary(
            callId: info.callId, mediaSeconds: Seconds.of(end), metrics: metrics,
            finalScore: settings.scorecard.score(metrics), turns: conversation.turns,
            interruptions: conversation.interruptions, deadAirSpans: conversation.deadAirSpans,
            overtalkSpans: conversation.overtalkSpans, responseLatencies: conversation.responseLatencies,
            alerts: alerts, legs: legSummaries(end: end),
            note: hasBothLegs
                ? nil
                : "one leg (mixed mono): talk ratio, overtalk, interruptions and customer agitation are not measured")
        self.summary = summary
        emit(.callEnded(summary))
    }

    private mutating func startIfNeeded(_ emit: (CallEvent) -> Void) {
        guard !started else { return }
        started = true
        emit(.callStarted(info, at: 0))
    }

    // MARK: Stepping through media time

    private mutating func advance(final: Bool, emit: (CallEvent) -> Void) {
        while true {
            let index = analysedFrame + 1
            if final && agentQueue.isEmpty && customerQueue.isEmpty && index > lastDelivered { return }
            // A leg is ready at `index` with its frame, or with a gap (its next frame is later);
            // with nothing queued it is waited for, unless the other is far ahead or the call ended.
            let silentAllowed = final || lastDelivered - index >= skewFrames
            let agentReady = agent == nil || Self.isReady(&agentQueue, index, silentAllowed)
            let customerReady = customer == nil || Self.isReady(&customerQueue, index, silentAllowed)
            guard agentReady && customerReady else { return }
            let agentFrame = agent == nil ? nil : Self.pop(&agentQueue, index)
            let customerFrame = customer == nil ? nil : Self.pop(&customerQueue, index)
            step(index, agentFrame: agentFrame, customerFrame: customerFrame, emit: emit)
        }
    }

    private static func frameIndex(_ frame: Frame) -> Int64 { frame.start / Int64(Frame.sampleCount) }

    /// Whether the queue can give frame `index` (or a gap), after dropping older frames.
    private static func isReady(_ queue: inout [Frame], _ index: Int64, _ silentAllowed: Bool) -> Bool {
        while let first = queue.first, frameIndex(first) < index { queue.removeFirst() }
        return !queue.isEmpty || silentAllowed
    }

    /// The queue's frame for `index`, or nil for a gap.
    private static func pop(_ queue: inout [Frame], _ index: Int64) -> Frame? {
        guard let first = queue.first, frameIndex(first) == index else { return nil }
        return queue.removeFirst()
    }

    private static let silence = [Float](repeating: 0, count: Frame.sampleCount)

    /// Runs one leg's analysis on its frame (silence when it sent none); nil if the call has no such leg.
    private mutating func analyseLeg(_ leg: Leg, _ frame: Frame?, _ index: Int64) -> LegAnalysis.FrameResult? {
        let input = frame ?? Frame(leg: leg, start: index * Int64(Frame.sampleCount), samples: Self.silence, isConcealed: true)
        let result: LegAnalysis.FrameResult?
        switch leg {
        case .agent: result = agent?.process(input, index: index)
        case .customer: result = customer?.process(input, index: index)
        }
        if let result {
            let slot = leg == .agent ? 0 : 1
            highestAgitation[slot] = max(highestAgitation[slot], result.agitation)
        }
        return result
    }

    private mutating func step(_ index: Int64, agentFrame: Frame?, customerFrame: Frame?, emit: (CallEvent) -> Void) {
        var transitions: [(Leg, VoiceActivityDetector.Transition)] = []
        var entry = FrameTimeline.Entry()
        if let result = analyseLeg(.agent, agentFrame, index) {
            if let transition = result.transition { transitions.append((.agent, transition)) }
            entry.agentAgitation = Float(result.agitation)
            if result.isNucleus { entry.flags |= FrameTimeline.agentNucleus }
        }
        if let result = analyseLeg(.customer, customerFrame, index) {
            if let transition = result.transition { transitions.append((.customer, transition)) }
            entry.customerAgitation = Float(result.agitation)
            if result.isNucleus { entry.flags |= FrameTimeline.customerNucleus }
        }
        if let network = latestNetwork {
            entry.mos = Float(network.mos)
            entry.lossPercent = Float(network.lossPercent)
            entry.jitterMs = Float(network.jitterMs)
        }
        timeline.append(index, entry)
        transitions.sort { $0.1.time < $1.1.time }
        for (leg, transition) in transitions {
            let flag = leg == .agent ? FrameTimeline.agentSpeech : FrameTimeline.customerSpeech
            switch transition {
            case .started(let at):
                conversation.speechStarted(leg, at: at)
                timeline.mark(flag, from: at, to: index + 1, on: true)
            case .ended(let at):
                conversation.speechEnded(leg, at: at)
                timeline.mark(flag, from: at, to: index + 1, on: false)
            }
        }
        for leg in info.legs where conversation.isSpeaking(leg) {
            timeline.mark(leg == .agent ? FrameTimeline.agentSpeech : FrameTimeline.customerSpeech, from: index, to: index + 1, on: true)
        }
        conversation.step(to: index + 1)
        analysedFrame = index

        if (index + 1) % hopFrames == 0 { scoreWindow(endingAt: index + 1, emit: emit) }
        evaluateAlerts(index, entry: entry, emit: emit)
    }

    // MARK: Alerts

    private mutating func evaluateAlerts(_ index: Int64, entry: FrameTimeline.Entry, emit: (CallEvent) -> Void) {
        for position in evaluators.indices {
            let value: Double?
            switch evaluators[position].rule.metric {
            case .deadAir: value = conversation.currentDeadAir
            case .overtalk: value = hasBothLegs ? conversation.currentOvertalk : nil
            case .agentMonologue: value = conversation.currentAgentTurn
            case .customerAgitation: value = customer.map { _ in Double(entry.customerAgitation) }
            case .agentAgitation: value = agent.map { _ in Double(entry.agentAgitation) }
            case .mos: value = latestNetwork?.mos
            case .lossPercent: value = latestNetwork?.lossPercent
            case .jitter: value = latestNetwork?.jitterMs
            case .windowScore: value = latestWindowScore
            }
            switch evaluators[position].evaluate(value, at: index, callId: info.callId) {
            case .raised(let alert)?:
                record(alert)
                emit(.alertRaised(alert))
            case .cleared(let alert)?:
                record(alert)
                emit(.alertCleared(alert))
            case nil:
                break
            }
        }
    }

    private mutating func record(_ alert: Alert) {
        if let position = alerts.lastIndex(where: { $0.id == alert.id }) {
            alerts[position] = alert
        } else {
            alerts.append(alert)
            if alerts.count > Self.maxAlerts { alerts.removeFirst(alerts.count - Self.maxAlerts) }
        }
    }

    /// Alerts raised and not yet cleared.
    public var openAlerts: [Alert] { evaluators.compactMap(\.active) }

    // MARK: Windows and metrics

    private mutating func scoreWindow(endingAt end: Int64, emit: (CallEvent) -> Void) {
        let window = windowMetrics(from: max(0, end - windowFrames), to: end)
        let cumulative = cumulativeMetrics(to: end)
        let scored = WindowScore(
            callId: info.callId, window: window, score: settings.scorecard.score(window), cumulative: cumulative,
            cumulativeScore: settings.scorecard.score(cumulative))
        latestWindowScore = scored.score.score
        lastWindow = scored
        scoreTimeline.append(WindowPoint(to: window.to, score: scored.score.score))
        if scoreTimeline.count > Self.maxTimeline { scoreTimeline.removeFirst() }
        emit(.windowScored(scored))
    }

    /// Metrics of frames `from ..< to` from the timeline.
    func windowMetrics(from: Int64, to: Int64) -> ConversationMetrics {
        var metrics = ConversationMetrics(from: Seconds.of(from), to: Seconds.of(to))
        var agentFrames: Int64 = 0
        var customerFrames: Int64 = 0
        var bothFrames: Int64 = 0
        var silentRun: Int64 = 0
        var longestSilence: Int64 = 0
        var agentNuclei = 0
        var customerNuclei = 0
        var lowestMOS: Float = .infinity
        var highestLoss: Float = -1
        var highestJitter: Float = -1
        let start = max(from, timeline.oldest)
        for index in start..<to {
            let entry = timeline.entry(index)
            let agentSpeaks = entry.flags & FrameTimeline.agentSpeech != 0
            let customerSpeaks = entry.flags & FrameTimeline.customerSpeech != 0
            if agentSpeaks { agentFrames += 1 }
            if customerSpeaks { customerFrames += 1 }
            if agentSpeaks && customerSpeaks { bothFrames += 1 }
            if !agentSpeaks && !customerSpeaks {
                silentRun += 1
                longestSilence = max(longestSilence, silentRun)
            } else {
                silentRun = 0
            }
            if entry.flags & FrameTimeline.agentNucleus != 0 { agentNuclei += 1 }
            if entry.flags & FrameTimeline.customerNucleus != 0 { customerNuclei += 1 }
            metrics.customerAgitation = max(metrics.customerAgitation, Double(entry.customerAgitation))
            metrics.agentAgitation = max(metrics.agentAgitation, Double(entry.agentAgitation))
            if !entry.mos.isNaN {
                lowestMOS = min(lowestMOS, entry.mos)
                highestLoss = max(highestLoss, entry.lossPercent)
                highestJitter = max(highestJitter, entry.jitterMs)
            }
        }
        metrics.agentTalkSeconds = Seconds.of(agentFrames)
        metrics.customerTalkSeconds = Seconds.of(customerFrames)
        metrics.longestDeadAirSeconds = Seconds.of(longestSilence)
        metrics.overtalkSeconds = Seconds.of(bothFrames)
        metrics.mos = lowestMOS.isFinite ? Double(lowestMOS) : nil
        metrics.lossPercent = highestLoss >= 0 ? Double(highestLoss) : nil
        metrics.jitterMs = highestJitter >= 0 ? Double(highestJitter) : nil
        let from = Seconds.of(from)
        let to = Seconds.of(to)
        // The lists are in time order: walk back only as far as the window.
        for interruption in conversation.interruptions.reversed() {
            guard interruption.at >= from else { break }
            guard interruption.at < to else { continue }
            if interruption.by == .agent { metrics.agentInterruptions += 1 } else { metrics.customerInterruptions += 1 }
        }
        var longestTurn = conversation.openAgentTurn?.length ?? 0
        for turn in conversation.agentTurns.reversed() {
            guard turn.end > from else { break }
            if turn.start < to { longestTurn = max(longestTurn, turn.length) }
        }
        metrics.longestAgentMonologueSeconds = longestTurn
        metrics.agentSyllablesPerSecond = Self.rate(agentNuclei, metrics.agentTalkSeconds)
        metrics.customerSyllablesPerSecond = Self.rate(customerNuclei, metrics.customerTalkSeconds)
        finishRatios(&metrics)
        return metrics
    }

    /// Metrics of the call from its start to frame `end`.
    func cumulativeMetrics(to end: Int64) -> ConversationMetrics {
        var metrics = ConversationMetrics(from: 0, to: Seconds.of(end))
        metrics.agentTalkSeconds = agent == nil ? 0 : conversation.talkTime(.agent)
        metrics.customerTalkSeconds = customer == nil ? 0 : conversation.talkTime(.customer)
        metrics.longestDeadAirSeconds = max(Seconds.of(conversation.longestDeadAirFrames), conversation.currentDeadAir)
        metrics.overtalkSeconds = Seconds.of(conversation.overtalkFrames) + conversation.currentOvertalk
        metrics.agentInterruptions = conversation.interruptionCount[.agent] ?? 0
        metrics.customerInterruptions = conversation.interruptionCount[.customer] ?? 0
        metrics.longestAgentMonologueSeconds = max(
            Seconds.of(conversation.longestAgentTurnFrames), conversation.currentAgentTurn)
        metrics.agentAgitation = highestAgitation[0]
        metrics.customerAgitation = highestAgitation[1]
        metrics.mos = worstNetwork?.mos
        metrics.lossPercent = worstNetwork?.lossPercent
        metrics.jitterMs = worstNetwork?.jitterMs
        metrics.agentSyllablesPerSecond = agent.flatMap { Self.rate($0.nuclei, metrics.agentTalkSeconds) }
        metrics.customerSyllablesPerSecond = customer.flatMap { Self.rate($0.nuclei, metrics.customerTalkSeconds) }
        finishRatios(&metrics)
        return metrics
    }

    private func finishRatios(_ metrics: inout ConversationMetrics) {
        let span = max(metrics.to - metrics.from, Seconds.perFrame)
        let talk = metrics.agentTalkSeconds + metrics.customerTalkSeconds
        metrics.overtalkRatio = metrics.overtalkSeconds / span
        metrics.agentInterruptionsPerMinute = Double(metrics.agentInterruptions) / (span / 60)
        metrics.talkRatio = talk >= 1 ? metrics.agentTalkSeconds / talk : nil
        if !hasBothLegs {
            metrics.talkRatio = nil
            metrics.singleLeg = true
        }
    }

    private static func rate(_ nuclei: Int, _ seconds: Double) -> Double? {
        seconds >= 1 ? Double(nuclei) / seconds : nil
    }

    private func legSummaries(end: Int64) -> [LegSummary] {
        [agent, customer].compactMap { $0 }.map { leg in
            LegSummary(
                leg: leg.leg, talkSeconds: conversation.talkTime(leg.leg), meanPitchHz: leg.meanPitch,
                peakDBFS: leg.peakDBFS,
                clippingRatio: leg.frames > 0 ? Double(leg.clippedSamples) / Double(leg.frames * Frame.sampleCount) : 0,
                syllablesPerSecond: Self.rate(leg.nuclei, conversation.talkTime(leg.leg)),
                segments: conversation.segments[leg.leg] ?? [])
        }
    }

    // MARK: Live view

    /// What the live API shows about the conversation right now.
    public var snapshot: AnalysisSnapshot {
        AnalysisSnapshot(
            mediaSeconds: Seconds.of(analysedFrame + 1),
            speaking: info.legs.filter { conversation.isSpeaking($0) },
            deadAirSeconds: conversation.currentDeadAir,
            overtalkSeconds: hasBothLegs ? conversation.currentOvertalk : 0,
            agentTurnSeconds: conversation.currentAgentTurn,
            agentAgitation: agent?.agitationLevel, customerAgitation: customer?.agitationLevel,
            lastWindow: lastWindow, openAlerts: openAlerts, alerts: alerts, scoreTimeline: scoreTimeline,
            lateFrames: lateFrames, summary: summary)
    }

    /// Level (100 ms RMS) and speech state of a leg, for the ingest statistics.
    public func legActivity(_ leg: Leg) -> (levelDBFS: Double, speaking: Bool, speechSeconds: Double)? {
        guard let analysis = leg == .agent ? agent : customer else { return nil }
        return (analysis.levelDBFS, analysis.isSpeaking, conversation.talkTime(leg))
    }
}

extension VoiceActivityDetector.Transition {
    /// The frame the transition is dated to.
    var time: Int64 {
        switch self {
        case .started(let at), .ended(let at): at
        }
    }
}

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
    private var alignment: LegAlignment
    private var conversation: Conversation
    private var timeline: FrameTimeline
    private var board: AlertBoard
    private let hopFrames: Int64
    private let windowFrames: Int64
    private var latestNetwork: NetworkQuality?
    private var worstNetwork: NetworkQuality?
    private var latestWindowScore: Double?
    private var highestAgitation: [Double] = [0, 0]
    /// Per leg (agent, customer): frames at which its agitation episodes began to count (the
    /// last `maxCountedEpisodes`), and the length of the one under way.
    private var agentConfirmations: [Int64] = []
    private var customerConfirmations: [Int64] = []
    private var agentEpisodeFrames: Int64 = 0
    private var customerEpisodeFrames: Int64 = 0
    /// Episodes that ended, both legs (the last `maxKeptEpisodes`).
    private var episodes: [AgitationEpisode] = []
    static let maxCountedEpisodes = 64
    static let maxKeptEpisodes = 100
    private var started = false
    private var finished = false
    /// Per leg, when transcription wants utterances: the cutter, and how many it cut.
    private var agentCutter: UtteranceCutter?
    private var customerCutter: UtteranceCutter?
    private var utteranceCounts = [0, 0]

    /// Last frame index analysed.
    public var analysedFrame: Int64 { alignment.aligned }
    /// Frames that came after their time had been analysed.
    public var lateFrames: Int { alignment.lateFrames }
    /// The latest scored window.
    public private(set) var lastWindow: WindowScore?
    /// Every window's score so far (at most `maxTimeline`, oldest dropped).
    public private(set) var scoreTimeline: [WindowPoint] = []
    /// Alerts raised so far (at most `AlertBoard.maxAlerts`, oldest dropped), cleared ones with their time.
    public var alerts: [Alert] { board.alerts }
    /// The summary, once the call is finished.
    public private(set) var summary: CallSummary?

    static let maxTimeline = 2880

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
        alignment = LegAlignment(legs: info.legs, skewFrames: Seconds.frames(settings.maxLegSkew))
        timeline = FrameTimeline(capacity: Int(windowFrames + 100))
        conversation = Conversation(confirmationFrames: settings.vad.minSilenceFrames)
        board = AlertBoard(rules: settings.alertRules)
        if let utterances = settings.utterances {
            if agent != nil { agentCutter = UtteranceCutter(settings: utterances, vad: settings.vad) }
            if customer != nil { customerCutter = UtteranceCutter(settings: utterances, vad: settings.vad) }
        }
    }

    /// Whether the call has both legs (mono calls are scored on fewer metrics).
    public var hasBothLegs: Bool { agent != nil && customer != nil }

    // MARK: Input

    public mutating func consume(_ frame: Frame, emit: (CallEvent) -> Void) {
        guard !finished else { return }
        startIfNeeded(emit)
        guard alignment.add(frame) else { return }
        advance(final: false, emit: emit)
    }

    /// One leg's audio is known to run `extraFrames` behind the other's (a slower path, placed
    /// back by its sender's clock): the other leg waits that much longer for it.
    public mutating func allowLegSkew(extraFrames: Int64) {
        alignment.widenSkew(by: extraFrames)
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
        var closing: [(Leg, VoiceActivityDetector.Transition)] = []
        for leg in info.legs {
            let last = leg == .agent ? agent?.finish() : customer?.finish()
            let replayed = (leg == .agent ? agent?.replayed : customer?.replayed) ?? []
            closing += replayed.map { (leg, $0) }
            if let last { closing.append((leg, last)) }
            let episode = leg == .agent ? agent?.finishEpisode() : customer?.finishEpisode()
            if let episode { record(episode, of: leg, at: end, emit: emit) }
            let cuts = (leg == .agent
                ? agentCutter?.finish(at: end, replayed: replayed) : customerCutter?.finish(at: end, replayed: replayed)) ?? []
            for cut in cuts { emitUtterance(cut, of: leg, emit: emit) }
        }
        closing.sort { $0.1.time < $1.1.time }
        for (leg, transition) in closing {
            switch transition {
            case .started(let at): conversation.speechStarted(leg, at: at)
            case .ended(let at): conversation.speechEnded(leg, at: at)
            }
        }
        conversation.step(to: end)
        conversation.close()
        board.close(at: end, emit: emit)
        let metrics = cumulativeMetrics(to: end)
        var summary = CallSummary(
            callId: info.callId, endFrame: end, metrics: metrics, scorecard: settings.scorecard, conversation: conversation,
            alerts: alerts, legs: legSummaries(end: end))
        summary.agitationEpisodes = episodes.isEmpty ? nil : episodes
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
        while let step = alignment.next(final: final) {
            self.step(step.index, agentFrame: step.agent, customerFrame: step.customer, emit: emit)
        }
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
            if leg == .agent { agentEpisodeFrames = result.episodeFrames } else { customerEpisodeFrames = result.episodeFrames }
        }
        return result
    }

    /// Counts an episode that began to count, or sends one that ended as `leg.agitation`.
    private mutating func record(_ change: AgitationEpisodeDetector.Change, of leg: Leg, at index: Int64, emit: (CallEvent) -> Void) {
        switch change {
        case .confirmed:
            if leg == .agent {
                agentConfirmations.append(index)
                if agentConfirmations.count > Self.maxCountedEpisodes { agentConfirmations.removeFirst() }
            } else {
                customerConfirmations.append(index)
                if customerConfirmations.count > Self.maxCountedEpisodes { customerConfirmations.removeFirst() }
            }
        case .ended(let start, let end, let level, let pitch):
            let episode = AgitationEpisode(
                callId: info.callId, leg: leg, start: Seconds.of(start), end: Seconds.of(end), levelOverBaseline: level,
                pitchRiseHz: pitch)
            episodes.append(episode)
            if episodes.count > Self.maxKeptEpisodes { episodes.removeFirst() }
            emit(.agitationEpisode(episode))
        }
    }

    /// Sends a cut utterance as an event, numbered on its leg.
    private mutating func emitUtterance(_ cut: UtteranceCutter.Cut, of leg: Leg, emit: (CallEvent) -> Void) {
        let slot = leg == .agent ? 0 : 1
        let utterance = Utterance(
            callId: info.callId, agentId: info.agentId, team: info.team, leg: leg, number: utteranceCounts[slot],
            start: Seconds.of(cut.firstFrame), samples: cut.samples)
        utteranceCounts[slot] += 1
        emit(.utterance(utterance))
    }

    /// Of the frames at which episodes began to count, those within `seconds` before frame `index`.
    private static func counted(_ confirmations: [Int64], within span: Int64, at index: Int64) -> Double {
        Double(confirmations.reduce(0) { $0 + (index - $1 < span ? 1 : 0) })
    }

    private mutating func step(_ index: Int64, agentFrame: Frame?, customerFrame: Frame?, emit: (CallEvent) -> Void) {
        var transitions: [(Leg, VoiceActivityDetector.Transition)] = []
        var entry = FrameTimeline.Entry()
        if let result = analyseLeg(.agent, agentFrame, index) {
            if agentCutter != nil {
                for cut in agentCutter!.take(
                    agentFrame?.samples ?? Self.silence, index: index, meanSquare: result.levels.meanSquare,
                    transition: result.transition, replayed: result.replayed)
                {
                    emitUtterance(cut, of: .agent, emit: emit)
                }
            }
            transitions += result.replayed.map { (.agent, $0) }
            if let transition = result.transition { transitions.append((.agent, transition)) }
            if let episode = result.episode { record(episode, of: .agent, at: index, emit: emit) }
            entry.agentAgitation = Float(result.agitation)
            if result.isNucleus { entry.flags |= FrameTimeline.agentNucleus }
        }
        if let result = analyseLeg(.customer, customerFrame, index) {
            if customerCutter != nil {
                for cut in customerCutter!.take(
                    customerFrame?.samples ?? Self.silence, index: index, meanSquare: result.levels.meanSquare,
                    transition: result.transition, replayed: result.replayed)
                {
                    emitUtterance(cut, of: .customer, emit: emit)
                }
            }
            transitions += result.replayed.map { (.customer, $0) }
            if let transition = result.transition { transitions.append((.customer, transition)) }
            if let episode = result.episode { record(episode, of: .customer, at: index, emit: emit) }
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

        if (index + 1) % hopFrames == 0 { scoreWindow(endingAt: index + 1, emit: emit) }
        evaluateAlerts(index, entry: entry, emit: emit)
    }

    // MARK: Alerts

    private mutating func evaluateAlerts(_ index: Int64, entry: FrameTimeline.Entry, emit: (CallEvent) -> Void) {
        // Every metric a rule can watch, as it stands at this frame (nil: not measured on this call).
        let deadAir = conversation.currentDeadAir
        let overtalk = hasBothLegs ? conversation.currentOvertalk : nil
        let agentTurn = conversation.currentAgentTurn
        let customerAgitation = customer != nil ? Double(entry.customerAgitation) : nil
        let agentAgitation = agent != nil ? Double(entry.agentAgitation) : nil
        let network = latestNetwork
        let windowScore = latestWindowScore
        let agentShouting = agent != nil ? Seconds.of(agentEpisodeFrames) : nil
        let customerShouting = customer != nil ? Seconds.of(customerEpisodeFrames) : nil
        let agentEpisodes = agent != nil ? self.agentConfirmations : nil
        let customerEpisodes = customer != nil ? self.customerConfirmations : nil
        board.evaluate(at: index, callId: info.callId, value: { metric, within in
            switch metric {
            case .deadAir: deadAir
            case .overtalk: overtalk
            case .agentMonologue: agentTurn
            case .customerAgitation: customerAgitation
            case .agentAgitation: agentAgitation
            case .mos: network?.mos
            case .lossPercent: network?.lossPercent
            case .jitter: network?.jitterMs
            case .windowScore: windowScore
            case .agentShouting: agentShouting
            case .customerShouting: customerShouting
            case .agentAgitationEpisodes: agentEpisodes.map { Self.counted($0, within: within, at: index) }
            case .customerAgitationEpisodes: customerEpisodes.map { Self.counted($0, within: within, at: index) }
            case .customerIrritants, .scriptStepsMissed: nil  // the phrase listener's, from transcripts
            }
        }, emit: emit)
    }

    /// Alerts raised and not yet cleared.
    public var openAlerts: [Alert] { board.openAlerts }

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
        WindowMetrics.measure(from: from, to: to, timeline: timeline, conversation: conversation, singleLeg: !hasBothLegs)
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
        metrics.agentSyllablesPerSecond = agent.flatMap { ConversationMetrics.syllableRate($0.nuclei, metrics.agentTalkSeconds) }
        metrics.customerSyllablesPerSecond = customer.flatMap { ConversationMetrics.syllableRate($0.nuclei, metrics.customerTalkSeconds) }
        metrics.completeRatios(singleLeg: !hasBothLegs)
        return metrics
    }

    private func legSummaries(end: Int64) -> [LegSummary] {
        [agent, customer].compactMap { $0 }.map { leg in
            LegSummary(
                leg: leg.leg, talkSeconds: conversation.talkTime(leg.leg), meanPitchHz: leg.meanPitch,
                peakDBFS: leg.peakDBFS,
                clippingRatio: leg.frames > 0 ? Double(leg.clippedSamples) / Double(leg.frames * Frame.sampleCount) : 0,
                syllablesPerSecond: ConversationMetrics.syllableRate(leg.nuclei, conversation.talkTime(leg.leg)),
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

    /// Level (100 ms RMS) and speech state of a leg, for the live view.
    public func legActivity(_ leg: Leg) -> LegActivity? {
        guard let analysis = leg == .agent ? agent : customer else { return nil }
        return LegActivity(levelDBFS: analysis.levelDBFS, speaking: analysis.isSpeaking, speechSeconds: conversation.talkTime(leg))
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

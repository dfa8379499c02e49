import CCRCore
import Foundation
import NIOCore

/// One live call: its leg sources and its analysis, confined to one event loop. It knows no
/// transport: sources hand it frames (`deliver`), it drives them as time passes (`tick`), and
/// ends the call when the legs go idle, the senders say bye, or someone ends it.
///
/// Every method runs on the call's loop; the switchboard reaches it by submitting work there,
/// once per API request or timer tick, never per packet.
public final class CallSession {
    /// Who the call is about.
    public struct Identity: Sendable {
        public var callId: String
        public var agentId: String
        public var team: String?
        public var isStatic: Bool
        public var callerNumber: String?
        /// Where its audio comes from: `rtp` or `pulse`.
        public var source: String

        public init(callId: String, agentId: String, team: String?, isStatic: Bool, callerNumber: String? = nil, source: String = "rtp") {
            self.source = source
            self.callId = callId
            self.agentId = agentId
            self.team = team
            self.isStatic = isStatic
            self.callerNumber = callerNumber
        }
    }

    /// How often a live call is ticked: quiet legs flushed and continued, network reported, idle checked.
    static let tickInterval: TimeAmount = .milliseconds(100)
    /// How often analysis is told the network figures of the interval, nanoseconds.
    static let networkReportInterval: Int64 = 1_000_000_000

    public let identity: Identity
    public let startedAt: Date
    private let startedUptime: Int64
    private let idleTimeout: Int64
    private let sources: [any LegSource]
    private var analysis: CallAnalysis
    /// Arrival of the call's first media: media time 0 of every leg.
    private var mediaEpoch: Int64?
    private let onEvent: @Sendable (CallEvent) -> Void
    private let onEnd: (CallSnapshot) -> Void
    private var endReason: EndReason?
    private var endedAt: Date?
    private var endedUptime: Int64?
    private var ticker: RepeatedTask?
    /// Where the legs sit against each other: by arrival, or by their senders' clocks.
    private var placement: LegPlacement
    /// Each source's transport counters at the last network report.
    private var lastReport: (at: Int64, counters: [TransportCounters?])?

    /// `sources` feed the legs (at most one per leg); `onEvent` receives the call's events, the
    /// last being `callClosed`, and `onEnd` the final state, once, when the call ends. A two-leg
    /// call holds its first frames up to `placementWait` for its senders' clocks (`LegPlacement`).
    public init(
        identity: Identity, sources: [any LegSource], idleTimeout: Duration, analysis settings: AnalysisSettings,
        placementWait: Duration = .zero,
        onEvent: @escaping @Sendable (CallEvent) -> Void, onEnd: @escaping (CallSnapshot) -> Void
    ) {
        self.identity = identity
        self.startedAt = Date()
        self.startedUptime = MediaClock.now()
        self.idleTimeout = MediaClock.nanoseconds(idleTimeout)
        self.sources = Leg.allCases.compactMap { leg in sources.first { $0.leg == leg } }
        self.placement = LegPlacement(legs: self.sources.count, wait: placementWait)
        self.onEnd = onEnd
        self.onEvent = onEvent
        self.analysis = CallAnalysis(
            info: CallInfo(
                callId: identity.callId, agentId: identity.agentId, team: identity.team, legs: self.sources.map(\.leg),
                source: identity.source),
            settings: settings)
    }

    public var isEnded: Bool { endReason != nil }

    // MARK: Media

    /// Where a leg whose first media arrives at `arrival` starts on the call's media timeline
    /// (16 kHz samples): media time starts with the call's first media, and a leg that starts
    /// later is placed by its first arrival (the clocks of different senders are unrelated).
    public func mediaOrigin(at arrival: Int64) -> Int64 {
        (arrival - (mediaEpoch ?? arrival)) / MediaClock.nanosecondsPerSample
    }

    /// Media has arrived: the first call fixes media time 0.
    public func mediaArrived(at arrival: Int64) {
        if mediaEpoch == nil { mediaEpoch = arrival }
    }

    /// Takes one frame of a leg, in that leg's media-time order.
    public func deliver(_ frame: Frame) {
        guard endReason == nil else { return }
        if placement.hold(frame) {
            placeLegsIfReady(now: MediaClock.now())
            return
        }
        analysis.consume(placement.placed(frame)) { onEvent($0) }
    }

    /// Decides where the legs sit once their senders' clocks are known or the wait is over, and
    /// lets the held frames go on. Cheap once decided.
    public func placeLegsIfReady(now: Int64, ending: Bool = false) {
        guard !placement.isSettled else { return }
        let clocks = sources.map(\.senderClock)
        guard placement.isReady(clocks: clocks, firstMedia: mediaEpoch, now: now, ending: ending) else { return }
        let clock = { (leg: Leg) in self.sources.first { $0.leg == leg }?.senderClock }
        let (frames, lag) = placement.settle(agent: clock(.agent), customer: clock(.customer))
        if lag > 0 { analysis.allowLegSkew(extraFrames: lag) }
        for frame in frames { analysis.consume(frame) { onEvent($0) } }
    }

    /// Ends the call if every leg's sender has said it is over.
    public func endIfSendersEnded() {
        if sources.allSatisfy(\.senderEnded) { end(.bye) }
    }

    // MARK: Time

    /// Starts the timer that drives the sources and ends the call when idle.
    func startTicking(on loop: any EventLoop, bound: NIOLoopBound<CallSession>) {
        ticker = loop.scheduleRepeatedTask(initialDelay: Self.tickInterval, delay: Self.tickInterval) { _ in
            bound.value.tick(now: MediaClock.now())
        }
    }

    /// Lets the sources hand on what is due, reports the network, ends the call after the idle timeout.
    public func tick(now: Int64) {
        guard endReason == nil else { return }
        placeLegsIfReady(now: now)
        var lastActivity = startedUptime
        for source in sources {
            if let activity = source.lastActivity { lastActivity = max(lastActivity, activity) }
            source.advance(now: now) { deliver($0) }
        }
        reportNetwork(now: now)
        if now - lastActivity > idleTimeout {
            end(.idle)
        }
    }

    /// Once a second, gives analysis the network figures of the last second (worst leg).
    private func reportNetwork(now: Int64) {
        // Read only when a report is due (the call ticks ten times as often).
        guard let last = lastReport else {
            lastReport = (now, sources.map(\.transport))
            return
        }
        guard now - last.at >= Self.networkReportInterval else { return }
        let counters = sources.map(\.transport)
        var worst: NetworkQuality?
        for (current, previous) in zip(counters, last.counters) {
            guard let current, let quality = NetworkQuality(from: previous, to: current) else { continue }
            worst = worst.map { $0.worst(quality) } ?? quality
        }
        if let worst { analysis.networkQuality(worst) }
        lastReport = (now, counters)
    }

    // MARK: End and state

    /// Ends the call: drains the sources, stops the timer, tells the owner. Idempotent.
    @discardableResult
    public func end(_ reason: EndReason) -> CallSnapshot {
        guard endReason == nil else { return snapshot() }
        for source in sources { source.finish { deliver($0) } }
        placeLegsIfReady(now: MediaClock.now(), ending: true)
        analysis.finish { event in
            // The summary goes out once, in the call's record below.
            if case .callEnded = event { return }
            onEvent(event)
        }
        endReason = reason
        endedAt = Date()
        endedUptime = MediaClock.now()
        ticker?.cancel()
        ticker = nil
        let final = snapshot()
        onEvent(.callClosed(final.record))
        onEnd(final)
        return final
    }

    public func snapshot() -> CallSnapshot {
        let until = endedUptime ?? MediaClock.now()
        var snapshot = CallSnapshot(
            callId: identity.callId, agentId: identity.agentId, team: identity.team,
            callerNumber: identity.callerNumber, state: endReason == nil ? .live : .ended, endReason: endReason, startedAt: startedAt, endedAt: endedAt,
            durationSeconds: Double(until - startedUptime) / 1e9, isStatic: identity.isStatic,
            legs: .init(agent: legStatistics(.agent), customer: legStatistics(.customer)),
            activity: Dictionary(uniqueKeysWithValues: sources.compactMap { source in analysis.legActivity(source.leg).map { (source.leg, $0) } }),
            analysis: analysis.snapshot)
        for source in sources {
            if let capture = source.capture { snapshot.captures[source.leg] = capture }
        }
        return snapshot
    }

    private func legStatistics(_ leg: Leg) -> LegStatistics? {
        guard var statistics = sources.first(where: { $0.leg == leg })?.statistics else { return nil }
        if placement.isSettled && sources.count > 1 {
            statistics.placement = placement.basis.rawValue
            statistics.placementCorrectionMs = Double(placement.shift(of: leg)) * 1000 / Double(Frame.sampleRate)
        }
        return statistics
    }
}

import CCRCore
import Foundation
import NIOCore

/// One live call: its legs' receivers and its analysis, confined to one event loop.
///
/// Every method runs on that loop; the switchboard reaches it by submitting work there,
/// once per API request or timer tick, never per packet.
final class CallSession: DatagramTarget {
    /// Who the call is about.
    struct Identity: Sendable {
        var callId: String
        var agentId: String
        var team: String?
        var isStatic: Bool
        var callerNumber: String? = nil
    }

    let identity: Identity
    let startedAt: Date
    private let startedUptime: Int64
    private let idleTimeout: Int64
    private let quietFlush: Int64
    /// A leg with no packet for this long is continued with silence (see `tick`).
    private let quietFill: Int64
    private var agent: LegReceiver?
    private var customer: LegReceiver?
    private var analysis: CallAnalysis
    /// Arrival of the call's first packet: media time 0 of both legs.
    private var mediaEpoch: Int64?
    private let onEvent: @Sendable (CallEvent) -> Void
    private var endReason: EndReason?
    private var endedAt: Date?
    private var endedUptime: Int64?
    private var ticker: RepeatedTask?
    private let onEnd: (CallSnapshot) -> Void

    init(
        identity: Identity, legs: [Leg: LegReceiver.Settings], idleTimeout: Duration, analysis settings: AnalysisSettings,
        onEvent: @escaping @Sendable (CallEvent) -> Void, onEnd: @escaping (CallSnapshot) -> Void
    ) throws(OpusDecoder.CreationError) {
        self.identity = identity
        self.startedAt = Date()
        self.startedUptime = Self.now()
        self.idleTimeout = Self.nanoseconds(idleTimeout)
        if let settings = legs[.agent] { agent = try LegReceiver(leg: .agent, settings: settings) }
        if let settings = legs[.customer] { customer = try LegReceiver(leg: .customer, settings: settings) }
        let depth = legs.values.map(\.jitterBufferMilliseconds).max() ?? 60
        self.quietFlush = Int64(depth) * 1_000_000
        self.quietFill = Int64(depth + 240) * 1_000_000
        self.onEnd = onEnd
        self.onEvent = onEvent
        self.analysis = CallAnalysis(
            info: CallInfo(
                callId: identity.callId, agentId: identity.agentId, team: identity.team,
                legs: Leg.allCases.filter { legs[$0] != nil }),
            settings: settings)
    }

    /// One sample of 16 kHz media, in nanoseconds.
    static let nanosecondsPerSample: Int64 = 62_500

    static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds) }

    static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    var isEnded: Bool { endReason != nil }

    /// Sets the UDP port shown for a leg.
    func setPort(_ port: Int, for leg: Leg) {
        switch leg {
        case .agent: agent?.setPort(port)
        case .customer: customer?.setPort(port)
        }
    }

    /// SSRC a leg follows, if it has received RTP.
    func ssrc(of leg: Leg) -> UInt32? {
        switch leg {
        case .agent: agent?.statistics.ssrc
        case .customer: customer?.statistics.ssrc
        }
    }

    /// The sender a leg latched on to, once it has.
    func latchedAddress(of leg: Leg) -> SocketAddress? {
        switch leg {
        case .agent: agent?.latchedAddress
        case .customer: customer?.latchedAddress
        }
    }

    /// Starts the timer that flushes quiet legs and ends the call when idle.
    func startTicking(on loop: any EventLoop, bound: NIOLoopBound<CallSession>) {
        ticker = loop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
            bound.value.tick(now: CallSession.now())
        }
    }

    func receive(_ datagram: ByteBuffer, from address: SocketAddress, leg: Leg) {
        guard endReason == nil else { return }
        let arrival = Self.now()
        // Media time starts with the call's first packet; a leg that starts later is placed by
        // its first packet's arrival (RTP clocks of different legs are unrelated).
        let epoch = mediaEpoch ?? arrival
        let origin = (arrival - epoch) / Self.nanosecondsPerSample
        let outcome: LegReceiver.Outcome?
        switch leg {
        case .agent:
            outcome = agent?.receive(datagram, from: address, arrival: arrival, origin: origin) { analyse($0) }
        case .customer:
            outcome = customer?.receive(datagram, from: address, arrival: arrival, origin: origin) { analyse($0) }
        }
        if mediaEpoch == nil, outcome == .rtp || outcome == .held { mediaEpoch = arrival }
        if case .rtcp(bye: true) = outcome, allLegsSaidBye {
            _ = end(.bye)
        }
    }

    private func analyse(_ frame: Frame) {
        analysis.consume(frame) { onEvent($0) }
    }

    private var allLegsSaidBye: Bool {
        (agent?.statistics.bye ?? true) && (customer?.statistics.bye ?? true)
    }

    /// Flushes legs that went quiet and ends the call after the idle timeout.
    func tick(now: Int64) {
        guard endReason == nil else { return }
        var lastActivity = startedUptime
        if let arrival = agent?.lastArrival {
            lastActivity = max(lastActivity, arrival)
            if now - arrival > quietFlush { agent?.flush { analyse($0) } }
        }
        if let arrival = customer?.lastArrival {
            lastActivity = max(lastActivity, arrival)
            if now - arrival > quietFlush { customer?.flush { analyse($0) } }
        }
        // Legs silent on the wire are continued with silence to just behind now, so dead air is
        // measured (and alerted) while it happens, not when packets resume.
        agent?.fillSilence(now: now, margin: quietFill) { analyse($0) }
        customer?.fillSilence(now: now, margin: quietFill) { analyse($0) }
        reportNetwork(now: now)
        if now - lastActivity > idleTimeout {
            _ = end(.idle)
        }
    }

    /// Loss counters at the last network report, per leg.
    private var lastReport: (at: Int64, agent: (lost: Int, expected: Int), customer: (lost: Int, expected: Int))?

    /// Once a second, gives analysis the network figures of the last second (worst leg).
    private func reportNetwork(now: Int64) {
        let agentCounters: (lost: Int, expected: Int) = agent?.lossCounters ?? (0, 0)
        let customerCounters: (lost: Int, expected: Int) = customer?.lossCounters ?? (0, 0)
        guard let last = lastReport else {
            lastReport = (now, agentCounters, customerCounters)
            return
        }
        guard now - last.at >= 1_000_000_000 else { return }
        var worst: NetworkQuality?
        for (receiver, counters, previous) in [
            (agent, agentCounters, last.agent), (customer, customerCounters, last.customer),
        ] {
            guard let receiver, counters.expected > previous.expected else { continue }
            let quality = receiver.networkQuality(
                lost: counters.lost - previous.lost, expected: counters.expected - previous.expected)
            worst = worst.map { $0.worst(quality) } ?? quality
        }
        if let worst { analysis.networkQuality(worst) }
        lastReport = (now, agentCounters, customerCounters)
    }

    /// Ends the call: drains the legs, stops the timer, tells the owner. Idempotent.
    @discardableResult
    func end(_ reason: EndReason) -> CallSnapshot {
        guard endReason == nil else { return snapshot() }
        agent?.finish { analyse($0) }
        customer?.finish { analyse($0) }
        analysis.finish { onEvent($0) }
        endReason = reason
        endedAt = Date()
        endedUptime = Self.now()
        ticker?.cancel()
        ticker = nil
        let final = snapshot()
        onEnd(final)
        return final
    }

    func snapshot() -> CallSnapshot {
        let until = endedUptime ?? Self.now()
        return CallSnapshot(
            callId: identity.callId, agentId: identity.agentId, team: identity.team,
            callerNumber: identity.callerNumber, state: endReason == nil ? .live : .ended, endReason: endReason, startedAt: startedAt, endedAt: endedAt,
            durationSeconds: Double(until - startedUptime) / 1e9, isStatic: identity.isStatic,
            legs: .init(agent: legStatistics(.agent), customer: legStatistics(.customer)),
            analysis: analysis.snapshot)
    }

    private func legStatistics(_ leg: Leg) -> LegStatistics? {
        let receiver = leg == .agent ? agent : customer
        guard var statistics = receiver?.snapshot() else { return nil }
        if let activity = analysis.legActivity(leg) {
            statistics.levelDBFS = activity.levelDBFS
            statistics.speaking = activity.speaking
            statistics.speechSeconds = activity.speechSeconds
        }
        return statistics
    }
}

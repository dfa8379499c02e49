import CCRCore
import Foundation
import Logging
import NIOCore

/// An agent's PulseAudio line whose calls start and end by themselves
/// (`ingest.pulse.autoCalls`): it records the line's two sources for as long as ccrd runs,
/// listens for speech on each, opens a call once both legs have spoken after a quiet period,
/// and ends it after `ingest.pulse.idleTimeout` of silence on both.
///
/// - **Start.** Activity runs from the first speech after `idleTimeout` of quiet on both legs.
///   The call opens when the second leg speaks and begins where the activity began, less
///   `preroll`, from audio the line kept while it waited: the greeting that led to it is part
///   of it. What the line keeps is bounded: `longestWait` (or `idleTimeout`) `+ preroll` per leg.
/// - **End.** While both legs are silent in a call their audio is held back: once anyone speaks
///   again it goes on to the call at once, in order; once the silence reaches `idleTimeout` the
///   call is over, and the held silence (the hang-up) is not part of it, neither as dead air
///   nor in its duration. A dead air shorter than `idleTimeout` is analysed when it ends, so
///   `idleTimeout` should stay under the dead-air alert's threshold (8 s against 10 s by default).
/// - **Streams.** A stream that stops (the server restarted, the agent logged out) makes its leg
///   silent and is opened again with backoff (`Reconnection`); a call under way records the gap.
/// - **By hand.** A call ended through the API leaves the line waiting for `idleTimeout` of
///   quiet, so that people still talking do not start it again at once.
///
/// Confined to one event loop, like its calls; blocks come from the pulse thread by
/// `loop.execute`.
final class PulseStation {
    /// Tuning, from `ingest.pulse`.
    struct Settings: Sendable {
        var idleTimeout: Duration = .seconds(8)
        /// Audio before the first speech that a call begins with.
        var preroll: Duration = .milliseconds(500)
    }

    /// How long one leg may speak alone and still have all of it in the call the other leg's
    /// answer opens (when `idleTimeout` is shorter): what the line keeps between calls is
    /// bounded by the longer of the two, plus `preroll` (≈ 0.5 MiB per leg by default).
    static let longestWait: Int64 = 15_000_000_000

    /// How often the line checks its streams and its silence.
    static let tickInterval: TimeAmount = .milliseconds(100)

    let line: PulseLine
    private let server: PulseServer
    private let switchboard: Switchboard
    private let loop: any EventLoop
    private let logger: Logger
    private let idleTimeout: Int64
    private let preroll: Int64
    private var legs: [StationLeg]
    private var call: PulseCall?
    /// When the current activity began (its first speech), and which legs spoke in it.
    private var activityStart: Int64?
    private var spoke: Set<Leg> = []
    /// A call was ended by hand: no new one before `idleTimeout` of quiet.
    private var needsQuiet = false
    private var callCount = 0
    private var closed = false
    private var ticker: RepeatedTask?
    /// Opens (again) each leg's stream; set by `start`.
    private var openers: [Leg: @Sendable () -> Void] = [:]

    init(line: PulseLine, server: PulseServer, switchboard: Switchboard, loop: any EventLoop, settings: Settings, logger: Logger) {
        self.line = line
        self.server = server
        self.switchboard = switchboard
        self.loop = loop
        self.logger = logger
        self.idleTimeout = MediaClock.nanoseconds(settings.idleTimeout)
        self.preroll = MediaClock.nanoseconds(settings.preroll)
        let now = MediaClock.now()
        let vad = switchboard.settings.analysis.vad
        legs = [
            StationLeg(leg: .agent, source: line.agentSource, vad: vad, now: now),
            StationLeg(leg: .customer, source: line.customerSource, vad: vad, now: now),
        ]
    }

    /// The live call the line has open, if any.
    var callId: String? { call?.session.identity.callId }

    /// Opens the streams (with backoff until they open) and starts listening. `bound` is this
    /// line, for the streams' callbacks.
    func start(_ bound: NIOLoopBound<PulseStation>) {
        let loop = self.loop
        for (index, leg) in legs.enumerated() {
            let received: @Sendable ([Int16]) -> Void = { samples in
                let block = StationLeg.Block(samples: samples, arrival: MediaClock.now())
                loop.execute { bound.value.receive(block, leg: index) }
            }
            openers[leg.leg] = Switchboard.reopener(
                server: server, source: leg.source, received: received, on: loop, metadata: ["agent.id": "\(line.agentId)"],
                logger: logger, opening: true
            ) { capture in bound.value.opened(capture, leg: index) }
        }
        ticker = loop.scheduleRepeatedTask(initialDelay: Self.tickInterval, delay: Self.tickInterval) { _ in
            bound.value.tick(now: MediaClock.now())
        }
        tick(now: MediaClock.now())
    }

    // MARK: Audio

    func receive(_ block: StationLeg.Block, leg index: Int) {
        guard !closed, legs[index].capture != nil else { return }
        let began = legs[index].hear(block)
        noticeEndedCall()
        if began, call == nil, !needsQuiet {
            activityStart = activityStart ?? block.arrival
            spoke.insert(legs[index].leg)
            if spoke.count == 2 { startCall() }
        }
        if call != nil, !bothSilent {
            handOver()
        }
        checkSilence(now: block.arrival)
        if call == nil { trim(now: block.arrival) }
    }

    private var bothSilent: Bool { legs.allSatisfy { !$0.isSpeaking } }

    /// Hands every kept block to the call, both legs merged by arrival (the analysis takes the
    /// legs side by side, within `analysis.maxLegSkew`).
    private func handOver() {
        guard let call else { return }
        let agent = legs[0].takeKept()
        let customer = legs[1].takeKept()
        var (a, c) = (0, 0)
        while a < agent.count || c < customer.count {
            if c >= customer.count || (a < agent.count && agent[a].arrival <= customer[c].arrival) {
                hand(agent[a], of: 0, to: call)
                a += 1
            } else {
                hand(customer[c], of: 1, to: call)
                c += 1
            }
        }
    }

    private func hand(_ block: StationLeg.Block, of index: Int, to call: PulseCall) {
        let leg = legs[index].leg
        if block.startsStream, let capture = legs[index].capture {
            // Audio held from before the loss went first; the gap starts here.
            call.source(of: leg).restarted(on: capture, owned: false, now: block.arrival)
        }
        call.receive(block.samples, leg: leg, arrival: block.arrival)
    }

    /// Between calls, keeps what a call may begin with: from the activity's start less the
    /// preroll, and no more than `longestWait` (or `idleTimeout`) `+ preroll`.
    private func trim(now: Int64) {
        let from = max(now - max(idleTimeout, Self.longestWait) - preroll, (activityStart ?? now) - preroll)
        for index in legs.indices { legs[index].forget(before: from) }
    }

    /// Ends the activity (and the call) once both legs have been silent for `idleTimeout`.
    private func checkSilence(now: Int64) {
        guard bothSilent else { return }
        let quiet = now - legs.map(\.silentSince).max()!
        guard quiet >= idleTimeout else { return }
        if let call {
            self.call = nil
            for index in legs.indices { _ = legs[index].takeKept() }
            call.session.end(.silence)
            logger.info("PulseAudio call ended on silence", metadata: ["call.id": "\(call.session.identity.callId)", "agent.id": "\(line.agentId)"])
        }
        activityStart = nil
        spoke = []
        needsQuiet = false
    }

    /// A call ended elsewhere (the API, the backstop idle end): the line waits for quiet.
    private func noticeEndedCall() {
        guard let call, call.session.isEnded else { return }
        self.call = nil
        needsQuiet = true
        activityStart = nil
        spoke = []
    }

    private func startCall() {
        guard let start = activityStart else { return }
        let ingest = switchboard.settings
        callCount += 1
        let callId = "\(line.agentId)-\(Int(Date().timeIntervalSince1970))-pulse-\(callCount)"
        let identity = CallSession.Identity(
            callId: callId, agentId: line.agentId, team: line.team, isStatic: true, callerNumber: nil, source: "pulse")
        // The line ends its calls; the session's own idle end is only a backstop.
        let call = PulseCall(
            identity: identity, line: PulseLine(agentId: line.agentId, server: server.address, agentSource: line.agentSource, customerSource: line.customerSource),
            idleTimeout: .nanoseconds(idleTimeout) + .seconds(30), analysis: ingest.analysis, onEvent: switchboard.events,
            onEnd: switchboard.retirement())
        for index in legs.indices {
            if let capture = legs[index].capture { call.source(of: legs[index].leg).attach(capture, owned: false) }
            legs[index].forget(before: start - preroll)
        }
        let session = NIOLoopBound(call.session, eventLoop: loop)
        switchboard.register(callId, loop: loop, session: session)
        call.session.startTicking(on: loop, bound: session)
        self.call = call
        logger.info("PulseAudio call started on speech", metadata: ["call.id": "\(callId)", "agent.id": "\(line.agentId)"])
        handOver()
    }

    // MARK: Streams

    func tick(now: Int64) {
        guard !closed else { return }
        noticeEndedCall()
        for index in legs.indices {
            let leg = legs[index]
            guard !leg.reconnection.pending else { continue }
            let down: Bool
            if let capture = leg.capture {
                // No block for a while on a stream that still records is a stall, not a loss.
                down = now - (leg.lastBlock ?? now) > PulseLeg.quietBeforeCheck && !capture.isRecording
            } else {
                down = true
            }
            guard down else { continue }
            if leg.capture != nil { legs[index].lost(at: now) }
            if legs[index].reconnection.attempt(now: now) { openers[leg.leg]?() }
        }
        checkSilence(now: now)
        if call == nil { trim(now: now) }
    }

    /// The outcome of opening a leg's stream: taken, or nil to try again after the backoff.
    func opened(_ capture: PulseCapture?, leg index: Int) -> Bool {
        let now = MediaClock.now()
        guard !closed else {
            capture?.stop()
            return false
        }
        guard let capture else {
            legs[index].reconnection.failed(now: now)
            return false
        }
        legs[index].reconnection.succeeded()
        legs[index].capture = capture
        legs[index].lastBlock = now
        legs[index].restarting = true
        // Shown as recording at once; the gap is placed by the stream's first block (`hand`).
        call?.source(of: legs[index].leg).attach(capture, owned: false)
        return true
    }

    /// Stops listening: ends the call under way with `reason` and lets the streams go.
    func close(reason: EndReason) {
        closed = true
        ticker?.cancel()
        ticker = nil
        if let call, !call.session.isEnded { call.session.end(reason) }
        call = nil
        for index in legs.indices { legs[index].lost(at: MediaClock.now()) }
        openers = [:]
    }
}

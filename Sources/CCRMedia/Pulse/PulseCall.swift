import CCRCore
import NIOCore

/// A call fed by PulseAudio: the agent's microphone source and the monitor of the sink the
/// agent hears, each recorded by a `PulseCapture` and fed to a `PulseLeg`, whose frames go to
/// the call's `CallSession` like any other leg source's. Confined to the call's event loop; the
/// captures' blocks are handed to it from the pulse thread (`PulseCall.feed`).
final class PulseCall {
    let session: CallSession
    let agent: PulseLeg
    let customer: PulseLeg

    init(
        identity: CallSession.Identity, line: PulseLine, idleTimeout: Duration, analysis: AnalysisSettings,
        onEvent: @escaping @Sendable (CallEvent) -> Void, onEnd: @escaping (CallSnapshot) -> Void
    ) {
        let server = line.server ?? "(default)"
        agent = PulseLeg(leg: .agent, source: line.agentSource, server: server)
        customer = PulseLeg(leg: .customer, source: line.customerSource, server: server)
        // Both legs come from one server's clock: placed by their first blocks, no wait.
        session = CallSession(
            identity: identity, sources: [agent, customer], idleTimeout: idleTimeout, analysis: analysis, placementWait: .zero,
            onEvent: onEvent, onEnd: onEnd)
    }

    /// The leg source of `leg`.
    func source(of leg: Leg) -> PulseLeg { leg == .agent ? agent : customer }

    /// A block of one leg's samples, on the call's loop, handed over from capture at `arrival`
    /// (monotonic ns; an automatic line hands over blocks it held back with their own arrival).
    func receive(_ block: [Int16], leg: Leg, arrival: Int64 = MediaClock.now()) {
        guard !session.isEnded else { return }
        session.mediaArrived(at: arrival)
        let target = source(of: leg)
        target.receive(block, arrival: arrival, origin: session.mediaOrigin(at: arrival)) { session.deliver($0) }
        session.placeLegsIfReady(now: arrival)
    }

    /// A leg's stream opened again after a loss (nil: not yet, retried later).
    func reopened(_ capture: PulseCapture?, leg: Leg) -> Bool {
        guard !session.isEnded else {
            capture?.stop()
            return false
        }
        return source(of: leg).reopened(capture, now: MediaClock.now())
    }

    /// Hands each captured block of `capture`'s leg to the call on `loop` (from the pulse thread).
    static func feed(_ bound: NIOLoopBound<PulseCall>, leg: Leg, on loop: any EventLoop) -> @Sendable ([Int16]) -> Void {
        { block in
            loop.execute { bound.value.receive(block, leg: leg) }
        }
    }
}

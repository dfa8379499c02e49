import CCRCore
import NIOCore

/// A call fed by RTP: the datagram target of its legs' sockets. Each datagram goes to its leg's
/// `RTPLeg`, whose frames go to the call's `CallSession`.
///
/// Confined to the call's event loop, like the session.
final class RTPCall: DatagramTarget {
    let session: CallSession
    private let agent: RTPLeg?
    private let customer: RTPLeg?

    init(
        identity: CallSession.Identity, legs: [Leg: RTPLeg.Settings], idleTimeout: Duration, analysis: AnalysisSettings,
        placementWait: Duration,
        onEvent: @escaping @Sendable (CallEvent) -> Void, onEnd: @escaping (CallSnapshot) -> Void
    ) throws(OpusDecoder.CreationError) {
        agent = try legs[.agent].map { settings throws(OpusDecoder.CreationError) in try RTPLeg(leg: .agent, settings: settings) }
        customer = try legs[.customer].map { settings throws(OpusDecoder.CreationError) in try RTPLeg(leg: .customer, settings: settings) }
        session = CallSession(
            identity: identity, sources: [agent, customer].compactMap { $0 }, idleTimeout: idleTimeout, analysis: analysis,
            placementWait: placementWait, onEvent: onEvent, onEnd: onEnd)
    }

    private func rtp(_ leg: Leg) -> RTPLeg? { leg == .agent ? agent : customer }

    func receive(_ datagram: ByteBuffer, from address: SocketAddress, leg: Leg) {
        receive(datagram, parsed: nil, from: address, leg: leg)
    }

    /// Takes a datagram, `parsed` already when the caller looked into it (static lines).
    func receive(_ datagram: ByteBuffer, parsed: RTPPacket?, from address: SocketAddress, leg: Leg) {
        guard !session.isEnded, let rtp = rtp(leg) else { return }
        let arrival = MediaClock.now()
        let outcome = rtp.receive(
            datagram, parsed: parsed, from: address, arrival: arrival, origin: session.mediaOrigin(at: arrival)
        ) { session.deliver($0) }
        switch outcome {
        case .rtp, .held:
            session.mediaArrived(at: arrival)
            session.placeLegsIfReady(now: arrival)
        case .rtcp(bye: true): session.endIfSendersEnded()
        case .rtcp(bye: false): session.placeLegsIfReady(now: arrival)
        case .dropped: break
        }
    }

    /// Sets the UDP port shown for a leg.
    func setPort(_ port: Int, for leg: Leg) {
        rtp(leg)?.port = port
    }

    /// SSRC a leg follows, if it has received RTP.
    func ssrc(of leg: Leg) -> UInt32? { rtp(leg)?.ssrc }

    /// The sender a leg latched on to, once it has.
    func latchedAddress(of leg: Leg) -> SocketAddress? { rtp(leg)?.latchedAddress }
}

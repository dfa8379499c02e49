import CCRCore
import Foundation
import NIOCore

/// An agent on fixed ports (static mode): starts a call at the first packet and a new one
/// whenever either port sees a new SSRC. Confined to one event loop, like its calls.
///
/// Only a valid RTP packet of an accepted payload type, from the allowed source, can start or
/// switch calls; only the host a leg latched on to can switch it to a new SSRC; SSRCs of calls
/// that ended recently are ignored, so a stray, reordered packet of the previous stream does
/// not end the current call.
final class StaticLine: DatagramTarget {
    /// Recently ended SSRCs remembered per line.
    static let rememberedStreams = 8

    private let settings: StaticLineSettings
    private let switchboard: Switchboard
    private let loop: any EventLoop
    private let allowedHost: SocketAddress?
    private var current: RTPCall?
    private var endedStreams: [UInt32] = []
    private var callCount = 0
    private var closing = false
    private let retire: @Sendable (CallSnapshot) -> Void
    /// Payload types each leg accepts, read once (static lines change only with a restart).
    private let agentTypes: Set<UInt8>
    private let customerTypes: Set<UInt8>

    init(settings: StaticLineSettings, switchboard: Switchboard, loop: any EventLoop) {
        self.settings = settings
        self.switchboard = switchboard
        self.loop = loop
        self.retire = switchboard.retirement()
        self.allowedHost = settings.source.flatMap { try? SocketAddress(ipAddress: $0, port: 0) }
        let ingest = switchboard.settings
        self.agentTypes = ingest.payloadTypes(for: settings.agentCodec)
        self.customerTypes = ingest.payloadTypes(for: settings.customerCodec)
    }

    func receive(_ datagram: ByteBuffer, from address: SocketAddress, leg: Leg) {
        guard !closing else { return }
        let allowed = allowedHost.map { address.isSameHost(as: $0) } ?? true
        // Parsed once here and handed on to the call.
        let packet = allowed && !RTCPPacket.isRTCP(datagram) ? try? RTPPacket(parsing: datagram) : nil
        if let packet, accepts(packet, on: leg), !endedStreams.contains(packet.ssrc) {
            if let call = current, !call.session.isEnded, let known = call.ssrc(of: leg), known != packet.ssrc {
                // Only the host the leg latched on to may move it to a new stream: a new SSRC
                // from anywhere else is dropped and counted by the call, which goes on.
                if call.latchedAddress(of: leg).map({ address.isSameHost(as: $0) }) ?? true {
                    remember(known)
                    call.session.end(.newStream)
                }
            }
            if current == nil || current?.session.isEnded == true {
                startCall(ssrc: packet.ssrc)
            }
        }
        // The call counts what it drops (foreign sources, malformed packets).
        current?.receive(datagram, parsed: packet, from: address, leg: leg)
    }

    private func accepts(_ packet: RTPPacket, on leg: Leg) -> Bool {
        (leg == .agent ? agentTypes : customerTypes).contains(packet.payloadType)
    }

    private func remember(_ ssrc: UInt32) {
        endedStreams.append(ssrc)
        if endedStreams.count > Self.rememberedStreams { endedStreams.removeFirst() }
    }

    /// Stops starting calls and ends the current one (daemon shutdown).
    func close(reason: EndReason) {
        closing = true
        if let session = current?.session, !session.isEnded { session.end(reason) }
    }

    private func startCall(ssrc: UInt32) {
        if let previous = current {
            for leg in Leg.allCases { if let ssrc = previous.ssrc(of: leg) { remember(ssrc) } }
        }
        let ingest = switchboard.settings
        callCount += 1
        let callId = "\(settings.agentId)-\(Int(Date().timeIntervalSince1970))-\(String(ssrc, radix: 16))-\(callCount)"
        let identity = CallSession.Identity(
            callId: callId, agentId: settings.agentId, team: settings.team, isStatic: true)
        let legs: [Leg: RTPLeg.Settings] = [
            .agent: ingest.legSettings(codec: settings.agentCodec, source: settings.source),
            .customer: ingest.legSettings(codec: settings.customerCodec, source: settings.source),
        ]
        guard
            let call = try? RTPCall(
                identity: identity, legs: legs, idleTimeout: ingest.idleTimeout, analysis: ingest.analysis,
                placementWait: ingest.placementWait, onEvent: switchboard.events, onEnd: retire)
        else {
            current = nil
            return
        }
        call.setPort(settings.agentPort, for: .agent)
        call.setPort(settings.customerPort, for: .customer)
        let bound = NIOLoopBound(call.session, eventLoop: loop)
        switchboard.register(callId, loop: loop, session: bound)
        call.session.startTicking(on: loop, bound: bound)
        current = call
    }
}

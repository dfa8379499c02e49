import CCRCore
import Foundation
import NIOCore

/// An agent on fixed ports (static mode): starts a call at the first packet and a new one
/// whenever either port sees a new SSRC. Confined to one event loop, like its calls.
final class StaticLine: DatagramTarget {
    private let settings: StaticLineSettings
    private let switchboard: Switchboard
    private let loop: any EventLoop
    private var current: CallSession?
    private let retire: @Sendable (CallSnapshot) -> Void

    init(settings: StaticLineSettings, switchboard: Switchboard, loop: any EventLoop) {
        self.settings = settings
        self.switchboard = switchboard
        self.loop = loop
        self.retire = switchboard.retirement()
    }

    func receive(_ datagram: ByteBuffer, from address: SocketAddress, leg: Leg) {
        if let allowed = settings.source, address.ipAddress != allowed {
            // Counted on the call when there is one; before that nobody is listening.
            current?.receive(datagram, from: address, leg: leg)
            return
        }
        if !RTCPPacket.isRTCP(datagram), let ssrc = LegReceiver.peekSSRC(datagram) {
            if let session = current, !session.isEnded, let known = session.ssrc(of: leg), known != ssrc {
                session.end(.newStream)
            }
            if current == nil || current?.isEnded == true {
                startCall(ssrc: ssrc)
            }
        }
        current?.receive(datagram, from: address, leg: leg)
    }

    private func startCall(ssrc: UInt32) {
        let ingest = switchboard.settings
        let stamp = Int(Date().timeIntervalSince1970)
        let callId = "\(settings.agentId)-\(stamp)-\(String(ssrc, radix: 16))"
        let identity = CallSession.Identity(
            callId: callId, agentId: settings.agentId, team: settings.team, isStatic: true)
        let legs: [Leg: LegReceiver.Settings] = [
            .agent: ingest.legSettings(codec: settings.agentCodec, source: settings.source),
            .customer: ingest.legSettings(codec: settings.customerCodec, source: settings.source),
        ]
        guard let session = try? CallSession(identity: identity, legs: legs, idleTimeout: ingest.idleTimeout, analysis: ingest.analysis,
            onEvent: switchboard.events, onEnd: retire)
        else {
            current = nil
            return
        }
        session.setPort(settings.agentPort, for: .agent)
        session.setPort(settings.customerPort, for: .customer)
        let bound = NIOLoopBound(session, eventLoop: loop)
        switchboard.register(callId, loop: loop, session: bound)
        session.startTicking(on: loop, bound: bound)
        current = session
    }
}

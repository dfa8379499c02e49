import CCRCore
import Logging
import NIOCore

/// The NIO handler on a leg's UDP socket: passes each datagram to its target on the same loop.
final class LegChannelHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    private let target: any DatagramTarget
    private let leg: Leg
    private let logger: Logger

    init(target: any DatagramTarget, leg: Leg, logger: Logger) {
        self.target = target
        self.leg = leg
        self.logger = logger
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        target.receive(envelope.data, from: envelope.remoteAddress, leg: leg)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // UDP errors (ICMP unreachable echoes and the like) concern one datagram; keep the socket.
        logger.debug("UDP receive error", metadata: ["call.leg": "\(leg.rawValue)", "error": "\(error)"])
    }
}

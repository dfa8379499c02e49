import CCRCore
import NIOCore

/// Where a leg's channel hands its datagrams: a call, or a static line that starts calls.
///
/// Always called on the event loop that owns the target.
protocol DatagramTarget: AnyObject {
    func receive(_ datagram: ByteBuffer, from address: SocketAddress, leg: Leg)
}

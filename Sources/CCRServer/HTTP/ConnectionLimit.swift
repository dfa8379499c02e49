import Logging
import NIOCore

/// First handler of every HTTP connection: takes a slot from `ConnectionCount` and gives it
/// back when the connection closes. Past the cap the connection is answered 503 (plain HTTP) or
/// closed at once (TLS, where no answer can be read before a handshake) and counted.
final class ConnectionLimit: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let count: ConnectionCount
    private let answers: Bool
    private let log: LimitLog
    private var holdsSlot = false

    init(count: ConnectionCount, answers: Bool, log: LimitLog) {
        self.count = count
        self.answers = answers
        self.log = log
    }

    /// Whether this connection was looked at (it may have been refused).
    private var decided = false

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { admit(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        admit(context: context)
        if holdsSlot { context.fireChannelActive() }
    }

    /// Takes a slot, or answers 503 and closes: a write only works once the channel is active.
    private func admit(context: ChannelHandlerContext) {
        guard !decided else { return }
        decided = true
        guard count.take() else {
            log.hit("http.maxConnections", "HTTP connection refused: http.maxConnections reached", metadata: ["http.connections": "\(count.current)"])
            if answers {
                context.writeAndFlush(NIOAny(RawResponse.tooManyConnections), promise: nil)
            }
            context.close(promise: nil)
            return
        }
        holdsSlot = true
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        release()
    }

    func channelInactive(context: ChannelHandlerContext) {
        release()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // A refused connection reads nothing.
        guard holdsSlot else { return }
        context.fireChannelRead(data)
    }

    private func release() {
        guard holdsSlot else { return }
        holdsSlot = false
        count.give()
    }
}

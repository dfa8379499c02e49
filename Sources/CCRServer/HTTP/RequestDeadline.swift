import Logging
import NIOCore

/// Closes a connection whose first request has not been answered within `http.requestTimeout`
/// of the connection opening (a TLS handshake, a request head or body that trickles in — the
/// slow-loris attack), answering 408 when it can. Once the first answer (or the WebSocket 101)
/// starts, it steps aside: later requests on the connection are bounded by `http.idleTimeout`,
/// a WebSocket by its pings.
///
/// It sits on the plaintext side (after TLS), and also writes the 400/431 the HTTP decoder's
/// errors call for on the first request, which the WebSocket upgrade path leaves unanswered.
final class RequestDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private let timeout: TimeAmount
    private let log: LimitLog
    private var timer: Scheduled<Void>?
    private var answered = false

    init(timeout: TimeAmount, log: LimitLog) {
        self.timeout = timeout
        self.log = log
    }

    func handlerAdded(context: ChannelHandlerContext) {
        let loop = context.eventLoop.assumeIsolated()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = loop.scheduleTask(in: timeout) {
            let (handler, context) = bound.value
            handler.expire(context: context)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    private func expire(context: ChannelHandlerContext) {
        timer = nil
        guard !answered else { return }
        log.hit(
            "HTTP connection closed: no complete request within http.requestTimeout",
            metadata: ["client.address": "\(context.channel.remoteAddress?.ipAddress ?? "?")"])
        answer(RawResponse.requestTimeout, context: context)
    }

    /// Writes `response` (unless something was already sent) and closes the connection.
    func answer(_ response: ByteBuffer, context: ChannelHandlerContext) {
        if !answered {
            answered = true
            context.writeAndFlush(wrapOutboundOut(response), promise: nil)
        }
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if !answered {
            answered = true
            timer?.cancel()
            timer = nil
        }
        context.write(data, promise: promise)
    }
}

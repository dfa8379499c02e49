import Logging
import NIOCore

/// Closes a connection whose first request head has not arrived within `http.requestTimeout` of
/// the connection opening (a TLS handshake or request head that trickles in — the slow-loris
/// attack — or a client that sends nothing), answering 408. From each request head on,
/// `RequestTimer` bounds the request; between requests, `http.idleTimeout` does.
///
/// It sits on the plaintext side (after TLS) in front of the HTTP encoder, so it is also where
/// raw answers are written: the 408s, and the 400/431 the HTTP decoder's errors call for on the
/// first request, which the WebSocket upgrade path leaves unanswered.
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

    /// The connection's deadline and its context (bytes, in front of the HTTP encoder), for the
    /// handlers behind the decoder that need to answer raw.
    static func find(in context: ChannelHandlerContext) -> (handler: RequestDeadline, context: ChannelHandlerContext)? {
        let pipeline = context.pipeline.syncOperations
        guard let handler = try? pipeline.handler(type: RequestDeadline.self),
            let deadlineContext = try? pipeline.context(handlerType: RequestDeadline.self)
        else { return nil }
        return (handler, deadlineContext)
    }

    /// A request head arrived: the connection is no longer silent.
    func requestStarted() {
        timer?.cancel()
        timer = nil
    }

    private func expire(context: ChannelHandlerContext) {
        timer = nil
        guard !answered else { return }
        log.hit(
            "http.requestTimeout", "HTTP connection closed: no request head within http.requestTimeout",
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

    /// An answer began: a raw 408 could no longer be told apart from it, so a timeout after this
    /// only closes.
    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        answered = true
        context.write(data, promise: promise)
    }
}

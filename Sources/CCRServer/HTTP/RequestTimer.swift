import Logging
import NIOCore
import NIOHTTPTypes

/// Bounds how long each request may take to arrive, from its head to its end (`http.requestTimeout`):
/// a body trickled a byte a minute cannot hold a connection, whether or not the handler has
/// already answered. Installed by Hummingbird on connections that did not become WebSockets
/// (`additionalChannelHandlers`), so it only ever sees HTTP; on expiry the connection gets 408
/// (when nothing was answered yet) and is closed.
final class RequestTimer: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let timeout: TimeAmount
    private let log: LimitLog
    private var timer: Scheduled<Void>?

    init(timeout: TimeAmount, log: LimitLog) {
        self.timeout = timeout
        self.log = log
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            RequestDeadline.find(in: context)?.handler.requestStarted()
            arm(context: context)
        case .body:
            break
        case .end:
            cancel()
        }
        context.fireChannelRead(data)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        cancel()
    }

    private func arm(context: ChannelHandlerContext) {
        cancel()
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) {
            let (handler, context) = bound.value
            handler.expire(context: context)
        }
    }

    private func cancel() {
        timer?.cancel()
        timer = nil
    }

    private func expire(context: ChannelHandlerContext) {
        timer = nil
        log.hit(
            "http.requestTimeout", "HTTP connection closed: request not complete within http.requestTimeout",
            metadata: ["client.address": "\(context.channel.remoteAddress?.ipAddress ?? "?")"])
        if let deadline = RequestDeadline.find(in: context) {
            deadline.handler.answer(RawResponse.requestTimeout, context: deadline.context)
        } else {
            context.close(promise: nil)
        }
    }
}

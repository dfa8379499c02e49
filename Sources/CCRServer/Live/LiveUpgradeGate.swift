import NIOCore
import NIOHTTP1

/// Checks a WebSocket upgrade request's token *before* the upgrade is attempted.
///
/// hummingbird-websocket answers every refused upgrade with an empty 400. To answer a missing
/// or bad token with 401 (and a gateway token with 403) as the rest of the API does, this
/// handler sits between the HTTP decoder and the upgrade handler: it holds the first request
/// while `check` runs and, when the caller may not use the live channel, removes the upgrade
/// headers, so the request goes to the HTTP router, which answers and logs it like any other.
/// When it may, the principal the check found is handed to the WebSocket router through
/// `AdmittedUpgrades`: the token is checked once per connection.
/// It removes itself after the first request (only a connection's first request can upgrade).
final class LiveUpgradeGate: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias InboundOut = HTTPServerRequestPart
    /// Who this request head may be upgraded as; nil when it may not.
    typealias Check = @Sendable (HTTPRequestHead) async -> Principal?

    private let check: Check
    private let admitted: AdmittedUpgrades
    private var held: [HTTPServerRequestPart]?

    init(check: @escaping Check, admitted: AdmittedUpgrades) {
        self.check = check
        self.admitted = admitted
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if held != nil {
            // An upgrade request has no body; anything more than a few parts is not one.
            guard (held?.count ?? 0) < Self.maxHeldParts else {
                context.close(promise: nil)
                return
            }
            held?.append(part)
            return
        }
        guard case .head(let head) = part, Self.asksForUpgrade(head) else {
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        held = []
        let promise = context.eventLoop.makePromise(of: Principal?.self)
        let check = self.check
        promise.completeWithTask { await check(head) }
        promise.futureResult.assumeIsolated().whenComplete { result in
            var head = head
            if case .success(let principal?) = result {
                self.admitted.admit(principal, on: context.channel)
            } else {
                head.headers.remove(name: "upgrade")
                head.headers.remove(name: "connection")
            }
            context.fireChannelRead(self.wrapInboundOut(.head(head)))
            for part in self.held ?? [] {
                context.fireChannelRead(self.wrapInboundOut(part))
            }
            self.held = nil
            context.fireChannelReadComplete()
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
        }
    }

    /// The decoder failed on the connection's first request: the upgrade path would leave it
    /// unanswered and open, so answer (431 for headers over `http.maxHeaderBytes`, else 400) and close.
    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        let response = parseError == .headerOverflow ? RawResponse.headersTooLarge : RawResponse.badRequest
        if let deadline = RequestDeadline.find(in: context) {
            // Written from the deadline's place in the pipeline: bytes, in front of the HTTP encoder.
            deadline.handler.answer(response, context: deadline.context)
        } else {
            context.close(promise: nil)
        }
    }

    static let maxHeldParts = 16

    static func asksForUpgrade(_ head: HTTPRequestHead) -> Bool {
        head.headers["upgrade"].contains { $0.lowercased().contains("websocket") }
    }
}

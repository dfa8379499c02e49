import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1

/// Hummingbird's HTTP/1 + WebSocket child channel with the connection guards (cap, first-request
/// deadline) in front and a `LiveUpgradeGate` before the upgrade handler, so refused upgrades
/// get the API's 401/403 answers instead of an empty 400.
struct GatedUpgradeChannel: ServerChildChannel {
    typealias Value = HTTP1WebSocketUpgradeChannel.Value

    let inner: HTTP1WebSocketUpgradeChannel
    let check: LiveUpgradeGate.Check
    let admitted: AdmittedUpgrades
    let guards: ConnectionGuards

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        do {
            try channel.pipeline.syncOperations.addHandlers(guards.handlers())
        } catch {
            return channel.close().flatMapThrowing { throw error }
        }
        return inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let decoder = try channel.pipeline.syncOperations.handler(type: ByteToMessageHandler<HTTPRequestDecoder>.self)
            try channel.pipeline.syncOperations.addHandler(LiveUpgradeGate(check: check, admitted: admitted), position: .after(decoder))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

extension HTTPServerBuilder {
    /// HTTP/1 with WebSocket upgrades through `webSocketRouter`, gated by `check`; the principals
    /// it admits go to the WebSocket router through `admitted`.
    static func gatedWebSocketUpgrade(
        webSocketRouter: Router<APIRequestContext>, configuration: HTTP1WebSocketUpgradeChannel.Configuration,
        check: @escaping LiveUpgradeGate.Check, admitted: AdmittedUpgrades, guards: ConnectionGuards
    ) -> HTTPServerBuilder {
        let webSocketResponder = webSocketRouter.buildResponder()
        return HTTPServerBuilder { responder in
            GatedUpgradeChannel(
                inner: HTTP1WebSocketUpgradeChannel(
                    responder: responder, webSocketResponder: webSocketResponder, configuration: configuration),
                check: check, admitted: admitted, guards: guards)
        }
    }
}

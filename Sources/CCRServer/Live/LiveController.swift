import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import NIOCore
import NIOHTTP1
import NIOWebSocket

/// `GET /v1/live`: the WebSocket supervisors and the dashboard watch (docs/live.md).
struct LiveController {
    let hub: LiveHub
    /// Checks an open connection's token again at every ping interval, so a revoked or
    /// expired token does not keep its connection.
    let tokens: any TokenRegistry
    /// Largest message a client may send.
    static let maxClientMessage = 64 * 1024
    /// Counts refused connections and logs them once a minute.
    let refusals: LimitLog

    /// The upgrade route, on the WebSocket router (behind `UpgradePrincipal` there).
    func addUpgrade(to router: Router<APIRequestContext>) {
        router.ws("/v1/live") { request, _ in
            do {
                _ = try LiveRequest(request.uri)
            } catch {
                return .dontUpgrade  // the HTTP router answers 400 with the reason
            }
            return .upgrade([:])
        } onUpgrade: { inbound, outbound, context in
            guard let principal = context.requestContext.identity, let live = try? LiveRequest(context.request.uri) else { return }
            if let refusal = hub.connections.take(principal.tokenId) {
                let limit = refusal == .total ? "live.maxClients" : "live.maxClientsPerToken"
                refusals.hit(limit, "live connection refused: \(limit) reached", metadata: ["token.id": "\(principal.tokenId)"])
                // 1013: try again later (RFC 6455 registry).
                try? await outbound.close(.unknown(1013), reason: "too many live connections (\(limit))")
                return
            }
            defer { hub.connections.give(principal.tokenId) }
            let subscription = hub.subscribe(principal: principal, filter: live.filter, since: live.since)
            let logger = context.logger
            logger.debug(
                "live client connected",
                metadata: ["token.id": "\(principal.tokenId)", "live.since": "\(live.since.map(String.init) ?? "-")"])
            try await withThrowingTaskGroup(of: Void.self) { group in
                // Reading keeps ping/pong and close working, and takes subscribe messages.
                group.addTask {
                    defer { subscription.close() }
                    for try await message in inbound.messages(maxSize: Self.maxClientMessage) {
                        switch message {
                        case .text(let text): subscription.receive(text)
                        case .binary: subscription.reject("binary messages are not understood; send JSON text")
                        }
                    }
                }
                group.addTask {
                    defer { subscription.close() }
                    // Frames share the hub's buffer: one encoding per event, whatever the clients.
                    for message in subscription.initial {
                        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: message)))
                    }
                    while let message = await subscription.next() {
                        try await outbound.write(.custom(WebSocketFrame(fin: true, opcode: .text, data: message)))
                    }
                }
                // A token revoked or expired while connected ends the connection.
                let text = TokenAuthenticator.token(
                    authorization: context.request.headers[.authorization], uri: context.request.uri, queryAllowed: true)
                let tokens = self.tokens
                let interval = hub.settings.pingInterval
                group.addTask {
                    while true {
                        try await Task.sleep(for: interval)
                        guard let text, case .valid? = try? await tokens.checkToken(text, now: Date()) else {
                            logger.notice("closing a live connection: its token is no longer valid", metadata: ["token.id": "\(principal.tokenId)"])
                            try? await outbound.close(.policyViolation, reason: "token revoked or expired")
                            return
                        }
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
            logger.debug("live client gone", metadata: ["token.id": "\(principal.tokenId)"])
        }
    }

    /// Who an upgrade request may go ahead as: the live path, a well-formed query, and a valid
    /// admin or supervisor token (header or query). Anything else is passed to the HTTP router,
    /// which answers 400/401/403/404/429 and logs it. A blocked address still gets in with a
    /// valid token (the limiter slows guessing, it must not lock out everyone behind one proxy).
    static func upgradeCheck(tokens: any TokenRegistry) -> LiveUpgradeGate.Check {
        { head in
            let uri = URI(head.uri)
            guard uri.path == "/v1/live", (try? LiveRequest(uri)) != nil,
                let text = TokenAuthenticator.token(authorization: head.headers["authorization"].first, uri: uri, queryAllowed: true),
                case .valid(let token)? = try? await tokens.checkToken(text, now: Date()),
                token.role == .admin || token.role == .supervisor
            else { return nil }
            return Principal(token)
        }
    }

    /// The same path on the HTTP router (`group` is the `/v1` group), reached when a request
    /// was not upgraded: explains why.
    static func addFallback<Methods: RouterMethods>(to group: Methods) where Methods.Context == APIRequestContext {
        group.get("live") { request, _ -> Response in
            do throws(LiveRequestError) {
                _ = try LiveRequest(request.uri)
            } catch {
                throw APIError.badRequest(error.description)
            }
            throw APIError(
                HTTPResponse.Status(code: 426, reasonPhrase: "Upgrade Required"), code: "websocket_required",
                message: "/v1/live is a WebSocket; connect with a WebSocket client", headers: [.upgrade: "websocket"])
        }
    }
}

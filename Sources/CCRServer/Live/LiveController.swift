import CCRStore
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import Logging

/// `GET /v1/live`: the WebSocket supervisors and the dashboard watch (docs/live.md).
struct LiveController {
    let hub: LiveHub
    /// Largest message a client may send.
    static let maxClientMessage = 64 * 1024

    /// The upgrade route, on the WebSocket router (behind the authenticator there).
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
                    for text in subscription.initial {
                        try await outbound.write(.text(text))
                    }
                    while let text = await subscription.next() {
                        try await outbound.write(.text(text))
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
            logger.debug("live client gone", metadata: ["token.id": "\(principal.tokenId)"])
        }
    }

    /// The same path on the HTTP router (`group` is the `/v1` group), reached when a request
    /// was not upgraded: explains why.
    func addFallback<Methods: RouterMethods>(to group: Methods) where Methods.Context == APIRequestContext {
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

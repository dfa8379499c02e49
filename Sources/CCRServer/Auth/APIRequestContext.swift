import HTTPTypes
import Hummingbird
import HummingbirdAuth
import HummingbirdWebSocket
import NIOCore

/// The request context of every ccrd route: the caller's principal once authenticated, their
/// address (for rate limiting failed logins), and the WebSocket upgrade slot.
public struct APIRequestContext: AuthRequestContext, WebSocketRequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public var identity: Principal?
    public let webSocket: WebSocketHandlerReference<APIRequestContext>
    public let remoteAddress: SocketAddress?
    /// The connection the request came on (the WebSocket router finds the principal the
    /// upgrade gate admitted by it).
    let connection: ObjectIdentifier

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.identity = nil
        self.webSocket = .init()
        self.remoteAddress = source.channel.remoteAddress
        self.connection = ObjectIdentifier(source.channel)
    }

    /// Bodies are decoded the API's way: bounded, and bad JSON answered in the API's error shape.
    public var requestDecoder: some RequestDecoder { APIRequestDecoder() }

    /// The client's IP address as text, "unknown" when the channel has none.
    var sourceAddress: String {
        remoteAddress?.ipAddress ?? "unknown"
    }
}

import CCRStore
import Foundation

/// Where access tokens are checked: the HTTP authenticator, the WebSocket upgrade gate and the
/// live channel's periodic re-check read it. The state database (`Store`) is the one that ships.
public protocol TokenRegistry: Sendable {
    func checkToken(_ text: String, now: Date) async throws(StoreError) -> Store.TokenCheck
}

extension Store: TokenRegistry {}

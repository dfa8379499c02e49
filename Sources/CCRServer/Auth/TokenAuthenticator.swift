import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdAuth
import Logging

/// Checks the bearer token of every request it guards and sets the caller's `Principal`.
///
/// The token comes from `Authorization: Bearer …`, or, for the WebSocket path only, from the
/// `access_token` query parameter (browsers cannot set headers on a WebSocket). Missing or bad
/// tokens are answered with 401 and counted against the source address; an address over the
/// limit gets 429 unless its token is valid.
struct TokenAuthenticator: AuthenticatorMiddleware {
    typealias Context = APIRequestContext
    typealias Identity = Principal

    let tokens: any TokenRegistry
    /// Where failed attempts are journaled.
    let journal: any JournalStore
    let limiter: AuthFailureLimiter
    /// Paths where `access_token` in the query is accepted.
    let queryTokenPaths: Set<String>

    func authenticate(request: Request, context: APIRequestContext) async throws -> Principal? {
        let address = context.sourceAddress
        // Failures are counted per address, but a valid token always gets in: many clients may
        // share one address (a reverse proxy, a NAT), and one of them guessing must not lock
        // the others out. A blocked address gets 429 for anything but a valid token.
        let blocked = limiter.isBlocked(address)
        func tooMany() -> APIError {
            APIError(
                .tooManyRequests, code: "too_many_failures",
                message: "too many failed authentication attempts from this address; retry in \(limiter.retryAfterSeconds(address)) s",
                headers: [.retryAfter: "\(limiter.retryAfterSeconds(address))"])
        }
        guard let text = token(in: request) else {
            if blocked { throw tooMany() }
            throw await failure(context: context, path: request.uri.path, reason: "missing token", tokenId: nil,
                          message: "a bearer token is required (Authorization: Bearer …)")
        }
        let check = try await APIError.whenStoreFails(
            message: "tokens cannot be checked now; see the server log", log: "cannot check tokens", logger: context.logger
        ) { () async throws(StoreError) in try await tokens.checkToken(text, now: Date()) }
        let tokenId = TokenSecret.id(of: text)
        if case .valid(let token) = check { return Principal(token) }
        if blocked { throw tooMany() }
        switch check {
        case .valid(let token):
            return Principal(token)
        case .unknown:
            throw await failure(context: context, path: request.uri.path, reason: "unknown token", tokenId: tokenId, message: "invalid token")
        case .expired(let token):
            throw await failure(context: context, path: request.uri.path, reason: "expired token", tokenId: token.id,
                          message: "token expired at \(token.expiresAt.map { ISO8601DateFormatter().string(from: $0) } ?? "?")")
        case .revoked(let token):
            throw await failure(context: context, path: request.uri.path, reason: "revoked token", tokenId: token.id, message: "token revoked")
        }
    }

    private func token(in request: Request) -> String? {
        Self.token(
            authorization: request.headers[.authorization], uri: request.uri,
            queryAllowed: queryTokenPaths.contains(request.uri.path))
    }

    /// The token a request carries: the bearer header, else (where allowed) `access_token`.
    /// Shared with the WebSocket upgrade gate, so both read a request the same way.
    static func token(authorization: String?, uri: URI, queryAllowed: Bool) -> String? {
        if let authorization, authorization.hasPrefix("Bearer ") {
            let text = authorization.dropFirst("Bearer ".count)
            if !text.isEmpty { return String(text) }
        }
        if queryAllowed, let query = uri.queryParameters["access_token"], !query.isEmpty { return String(query) }
        return nil
    }

    private func failure(context: APIRequestContext, path: String, reason: String, tokenId: String?, message: String) async -> APIError {
        let address = context.sourceAddress
        let record = JournalRecord(
            actor: tokenId.map { "token:\($0)" } ?? "anonymous", action: "auth.failure", target: AccessJournal.routeShape(path),
            source: address, detail: "reason=\(reason.replacingOccurrences(of: " ", with: "_"))")
        do {
            try await journal.journal(record, now: Date())
        } catch {
            context.logger.error("cannot journal an authentication failure", metadata: ["error": "\(error)"])
        }
        var metadata: Logger.Metadata = ["auth.reason": "\(reason)", "client.address": "\(address)"]
        if let tokenId { metadata["token.id"] = "\(tokenId)" }
        if limiter.recordFailure(address) {
            metadata["auth.limit"] = "\(limiter.limit)"
            metadata["auth.window"] = "\(limiter.window)"
            context.logger.warning("authentication failures over the limit; address blocked for the rest of the window", metadata: metadata)
        } else {
            context.logger.notice("authentication failed", metadata: metadata)
        }
        return APIError(.unauthorized, code: "unauthorized", message: message)
    }
}

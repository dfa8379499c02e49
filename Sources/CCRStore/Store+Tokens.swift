import Foundation
import GRDB

/// Token administration and checks.
extension Store {
    /// What a presented token turned out to be.
    public enum TokenCheck: Sendable, Equatable {
        case valid(AccessToken)
        case unknown
        case expired(AccessToken)
        case revoked(AccessToken)
    }

    /// Creates a token and returns it with its text, which is never shown again.
    public func createToken(
        role: Role, teams: [String], label: String?, expiresIn: Duration?, now: Date = Date()
    ) throws(StoreError) -> (token: AccessToken, text: String) {
        let (token, text) = try Self.newToken(role: role, teams: teams, label: label, expiresIn: expiresIn, now: now)
        try write("create token") { db in try token.insert(db) }
        return (token, text)
    }

    /// Creates a token from a request (`POST /v1/tokens`), without blocking a thread on the write.
    public func issueToken(
        role: Role, teams: [String], label: String?, expiresIn: Duration?, now: Date = Date()
    ) async throws(StoreError) -> (token: AccessToken, text: String) {
        let (token, text) = try Self.newToken(role: role, teams: teams, label: label, expiresIn: expiresIn, now: now)
        do {
            try await writer.write { db in try token.insert(db) }
        } catch {
            throw .failed(operation: "create token", reason: Self.describe(error))
        }
        return (token, text)
    }

    private static func newToken(
        role: Role, teams: [String], label: String?, expiresIn: Duration?, now: Date
    ) throws(StoreError) -> (token: AccessToken, text: String) {
        if let expiresIn, expiresIn <= .zero || expiresIn > AccessToken.maxLifetime {
            throw .rejected(operation: "create token", reason: "a lifetime must be between 1 s and \(AccessToken.maxLifetimeDays) days")
        }
        let (id, text) = TokenSecret.generate()
        let expiresAt = expiresIn.map { now.addingTimeInterval(Double($0.components.seconds)) }
        let token = AccessToken(
            id: id, hash: TokenSecret.hash(text), role: role, teams: role == .supervisor ? teams : [], label: label,
            createdAt: now, expiresAt: expiresAt, revokedAt: nil)
        return (token, text)
    }

    /// Every token, newest first (`GET /v1/tokens`).
    public func listTokens() async throws(StoreError) -> [AccessToken] {
        do {
            return try await writer.read { db in try AccessToken.order(AccessToken.Columns.createdAt.desc).fetchAll(db) }
        } catch {
            throw .failed(operation: "list tokens", reason: Self.describe(error))
        }
    }

    /// Revokes a token by id (`DELETE /v1/tokens/{id}`); nil when there is no such token, else
    /// the token as it now is. Revoking twice keeps the first date.
    public func revoke(tokenId id: String, now: Date = Date()) async throws(StoreError) -> AccessToken? {
        do {
            return try await writer.write { db in
                guard var token = try AccessToken.fetchOne(db, key: id) else { return nil }
                if token.revokedAt == nil {
                    token.revokedAt = now
                    try token.update(db)
                }
                return token
            }
        } catch {
            throw .failed(operation: "revoke token", reason: Self.describe(error))
        }
    }

    /// Every token, newest first, revoked ones included.
    public func tokens() throws(StoreError) -> [AccessToken] {
        try read("list tokens") { db in
            try AccessToken.order(AccessToken.Columns.createdAt.desc).fetchAll(db)
        }
    }

    /// Revokes a token by id; false when there is no such token. Revoking twice keeps the first date.
    public func revokeToken(id: String, now: Date = Date()) throws(StoreError) -> Bool {
        try write("revoke token") { db in
            guard var token = try AccessToken.fetchOne(db, key: id) else { return false }
            if token.revokedAt == nil {
                token.revokedAt = now
                try token.update(db)
            }
            return true
        }
    }

    /// Looks a presented token text up by its hash.
    public func checkToken(_ text: String, now: Date = Date()) async throws(StoreError) -> TokenCheck {
        let hash = TokenSecret.hash(text)
        let found: AccessToken?
        do {
            found = try await writer.read { db in
                try AccessToken.filter(AccessToken.Columns.hash == hash).fetchOne(db)
            }
        } catch {
            throw .failed(operation: "check token", reason: Self.describe(error))
        }
        guard let token = found else { return .unknown }
        switch token.state(at: now) {
        case .valid: return .valid(token)
        case .expired: return .expired(token)
        case .revoked: return .revoked(token)
        }
    }

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw .failed(operation: operation, reason: Self.describe(error))
        }
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.write(body)
        } catch {
            throw .failed(operation: operation, reason: Self.describe(error))
        }
    }
}

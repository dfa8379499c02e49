import CCRStore
import Foundation
import Hummingbird
import HummingbirdAuth
import Logging

/// Token administration over HTTP for admins (the dashboard's tokens page), as `ccrd token`
/// does it: `GET /v1/tokens` (never a secret), `POST /v1/tokens` (the secret is in this answer
/// only) and `DELETE /v1/tokens/{id}`. Every action is journaled.
struct TokenController {
    typealias Context = APIRequestContext
    let store: Store
    let journal: AccessJournal

    var routes: RouteCollection<Context> {
        let routes = RouteCollection(context: Context.self)
        let admin = routes.group().add(middleware: RoleRequirement(.admin))
        admin.get(use: list)
        admin.post(use: create)
        admin.delete(":id", use: revoke)
        return routes
    }

    /// A token as listed: everything but its hash.
    struct TokenEntry: Encodable {
        var id: String
        var role: String
        var teams: [String]
        var label: String?
        var createdAt: Date
        var expiresAt: Date?
        var revokedAt: Date?
        /// `valid`, `expired` or `revoked`, now.
        var state: String

        init(_ token: AccessToken, now: Date) {
            id = token.id
            role = token.role.rawValue
            teams = token.teams
            label = token.label
            createdAt = token.createdAt
            expiresAt = token.expiresAt
            revokedAt = token.revokedAt
            state =
                switch token.state(at: now) {
                case .valid: "valid"
                case .expired: "expired"
                case .revoked: "revoked"
                }
        }
    }

    struct TokenList: ResponseEncodable {
        var tokens: [TokenEntry]
    }

    /// A new token: its entry and, this once, its text.
    struct CreatedToken: ResponseEncodable {
        var token: TokenEntry
        var secret: String
    }

    @Sendable func list(request: Request, context: Context) async throws -> TokenList {
        let tokens = try await APIError.whenStoreFails { () async throws(StoreError) in try await store.listTokens() }
        try await journal.record(context, action: "tokens.list", detail: "count=\(tokens.count)")
        let now = Date()
        return TokenList(tokens: tokens.map { TokenEntry($0, now: now) })
    }

    @Sendable func create(request: Request, context: Context) async throws -> EditedResponse<CreatedToken> {
        let body = try await request.decode(as: TokenBody.self, context: context).validated()
        let created = try await APIError.whenStoreFails { () async throws(StoreError) in
            try await store.issueToken(role: body.role, teams: body.teams, label: body.label, expiresIn: body.lifetime)
        }
        try await journal.record(
            context, action: "token.create", target: created.token.id,
            detail: "role=\(created.token.role.rawValue) teams=\(created.token.teams.joined(separator: "+"))")
        context.logger.notice(
            "token created through the API",
            metadata: ["token.id": "\(created.token.id)", "token.role": "\(created.token.role.rawValue)"])
        return EditedResponse(status: .created, response: CreatedToken(token: TokenEntry(created.token, now: Date()), secret: created.text))
    }

    @Sendable func revoke(request: Request, context: Context) async throws -> TokenEntry {
        let id = try context.parameters.require("id")
        guard id.count <= 64 else { throw APIError.notFound("no token '\(id.prefix(64))…'") }
        guard let token = try await APIError.whenStoreFails({ () async throws(StoreError) in try await store.revoke(tokenId: id) }) else {
            throw APIError.notFound("no token '\(id)'")
        }
        try await journal.record(context, action: "token.revoke", target: token.id)
        context.logger.notice("token revoked through the API", metadata: ["token.id": "\(token.id)"])
        return TokenEntry(token, now: Date())
    }
}

extension TokenController.TokenEntry: ResponseEncodable {}

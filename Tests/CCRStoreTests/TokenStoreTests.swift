import CCRStore
import Foundation
import Testing

@Suite("Tokens in the store")
struct TokenStoreTests {
    @Test func storesOnlyTheHashAndChecksTheText() async throws {
        let store = try Store.inMemory()
        let (token, text) = try store.createToken(role: .supervisor, teams: ["blue", "green"], label: "night shift", expiresIn: nil)
        #expect(text.hasPrefix("ccrd_\(token.id)_"))
        #expect(text.count > 50)
        #expect(token.hash == TokenSecret.hash(text))
        #expect(token.hash.count == 64)
        #expect(!token.hash.contains(text))
        #expect(TokenSecret.id(of: text) == token.id)
        #expect(try await store.checkToken(text).validId == token.id)
        #expect(try await store.checkToken(text + "x") == .unknown)
        #expect(try await store.checkToken("") == .unknown)
        let listed = try store.tokens()
        #expect(listed.map(\.teams) == [["blue", "green"]])
    }

    @Test func knownSHA256() {
        #expect(TokenSecret.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func revokedAndExpiredTokensAreRefused() async throws {
        let store = try Store.inMemory()
        let now = Date()
        let short = try store.createToken(role: .gateway, teams: ["ignored"], label: nil, expiresIn: .seconds(60), now: now)
        #expect(short.token.teams.isEmpty)  // only supervisors have teams
        #expect(try await store.checkToken(short.text, now: now.addingTimeInterval(59)).validId == short.token.id)
        guard case .expired = try await store.checkToken(short.text, now: now.addingTimeInterval(61)) else {
            Issue.record("expected expired")
            return
        }
        let admin = try store.createToken(role: .admin, teams: [], label: nil, expiresIn: nil)
        #expect(try store.revokeToken(id: admin.token.id))
        #expect(try store.revokeToken(id: admin.token.id))
        #expect(try !store.revokeToken(id: "missing"))
        guard case .revoked = try await store.checkToken(admin.text) else {
            Issue.record("expected revoked")
            return
        }
    }

    @Test func fileStoreKeepsTokensAcrossReopenAndExplainsBadPaths() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("nested/ccrd.sqlite").path
        let text = try Store.open(path: path).createToken(role: .admin, teams: [], label: nil, expiresIn: nil).text
        let reopened = try Store.open(path: path)
        guard case .valid = try await reopened.checkToken(text) else {
            Issue.record("token lost across reopen")
            return
        }
        try Data("not a database".utf8).write(to: directory.appendingPathComponent("junk.sqlite"))
        #expect(throws: StoreError.self) { try Store.open(path: directory.appendingPathComponent("junk.sqlite").path) }
        #expect(throws: StoreError.self) { try Store.open(path: "/proc/ccrd/ccrd.sqlite") }
    }
}

extension Store.TokenCheck {
    /// The token's id when valid (dates lose sub-millisecond precision in SQLite, so whole
    /// tokens are not compared).
    var validId: String? {
        if case .valid(let token) = self { return token.id }
        return nil
    }
}

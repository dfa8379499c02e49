import CCRStore
import Foundation
import Testing

@Suite("Access journal: a hash chain the sqlite3 tool cannot edit unseen")
struct JournalTests {
    /// A store with five journal entries.
    static func journaled(_ scratch: ScratchDirectory) throws -> Store {
        let store = try Store.open(path: scratch.databasePath)
        for index in 1...5 {
            try store.journalNow(
                JournalRecord(actor: "token:t\(index)", action: "call.read", target: "call-\(index)", source: "127.0.0.1", detail: "n=\(index)"))
        }
        return store
    }

    /// Runs SQL through the sqlite3 command-line tool, as someone with file access would.
    @discardableResult
    static func sqlite3(_ path: String, _ sql: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["sqlite3", path, sql]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test func anIntactChainVerifies() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Self.journaled(scratch)
        let result = try store.verifyJournal()
        #expect(result.isIntact && result.entries == 5 && result.firstSeq == 1 && result.lastSeq == 5)
        let entries = try store.journalEntries()
        #expect(entries.map(\.seq) == [1, 2, 3, 4, 5])
        #expect(entries[0].previousHash == JournalEntry.genesis)
        #expect(zip(entries, entries.dropFirst()).allSatisfy { $0.hash == $1.previousHash })
        #expect(result.headHash == entries.last?.hash)
    }

    @Test func theAppendOnlyTriggerRefusesPlainEdits() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Self.journaled(scratch)
        #expect(try Self.sqlite3(scratch.databasePath, "UPDATE journal SET detail = 'x' WHERE seq = 2") != 0)
        #expect(try store.verifyJournal().isIntact)
    }

    @Test(arguments: [
        ("edited", "DROP TRIGGER journal_append_only; UPDATE journal SET actor = 'token:someone-else' WHERE seq = 3", JournalVerification.Problem.edited, Int64(3)),
        ("deleted", "DELETE FROM journal WHERE seq = 3", .brokenLink, 4),
        ("first deleted", "DELETE FROM journal WHERE seq = 1", .brokenLink, 2),
        ("last deleted", "DELETE FROM journal WHERE seq = 5", .truncated, 5),
        (
            "inserted", "INSERT INTO journal SELECT 6, at, actor, 'export', target, source, detail, hash, hash FROM journal WHERE seq = 5",
            .edited, 6
        ),
        (
            "renumbered", "DROP TRIGGER journal_append_only; DELETE FROM journal WHERE seq = 2; UPDATE journal SET seq = seq - 1 WHERE seq > 2",
            .brokenLink, 2
        ),
    ])
    func tamperingIsFound(_ name: String, _ sql: String, _ problem: JournalVerification.Problem, _ seq: Int64) throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Self.journaled(scratch)
        #expect(try Self.sqlite3(scratch.databasePath, sql) == 0, "sqlite3 could not apply the \(name) tampering")
        let result = try store.verifyJournal()
        #expect(!result.isIntact, "\(name) went unnoticed")
        #expect(result.breaks.contains { $0.problem == problem && $0.seq == seq }, "\(name): \(result.breaks)")
    }

    @Test func personsAppearOnlyAsPseudonyms() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        let pseudonym = store.pseudonym(kind: "agent", of: "alice-9931")
        #expect(pseudonym == store.pseudonym(kind: "agent", of: "alice-9931"))
        #expect(pseudonym != store.pseudonym(kind: "caller", of: "alice-9931"))
        #expect(!pseudonym.contains("alice"))
        // Salted per database: another database gives another pseudonym.
        let other = try ScratchDirectory()
        defer { other.remove() }
        #expect(try Store.open(path: other.databasePath).pseudonym(kind: "agent", of: "alice-9931") != pseudonym)
        // And the same one after reopening.
        #expect(try Store.open(path: scratch.databasePath).pseudonym(kind: "agent", of: "alice-9931") == pseudonym)
    }
}

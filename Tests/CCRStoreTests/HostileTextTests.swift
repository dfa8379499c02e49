import CCRStore
import Foundation
import Testing

/// Findings of the hostile-input run on what the store keeps about people.
@Suite("Journal and redaction against hostile text")
struct HostileTextTests {
    /// The finding: a NUL in a filter value (`?team=%00`) made `journal verify` report the chain
    /// as edited forever. Control characters are escaped before hashing and storing.
    @Test func controlCharactersKeepTheChainVerifiable() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let store = try Store.open(path: scratch.databasePath)
        for text in ["team=\u{0}", "a\u{0}b\u{1B}[31m\nnext\\line", "\u{202E}reversed", String(repeating: "x", count: 5000)] {
            try store.journalNow(JournalRecord(actor: "token:t", action: "calls.list", target: text, source: "127.0.0.1", detail: text))
        }
        let result = try store.verifyJournal()
        #expect(result.isIntact, "\(result.breaks.map(\.message))")
        let entries = try store.journalEntries()
        #expect(entries[0].detail == "team=\\u{0}")
        #expect(entries.allSatisfy { entry in !entry.detail.unicodeScalars.contains { $0.properties.generalCategory == .control } })
        #expect(entries[3].detail.utf8.count <= JournalRecord.maxFieldBytes + 10)
    }

    /// The finding: erasing agent `e` turned "excellent service" into "[erased]xc[erased]ll…".
    @Test(arguments: [
        ("e", "excellent service, e said so", "excellent service, [erased] said so"),
        ("agent-7", "agent-7. agent-77 and agent-7.b stay; (agent-7) goes", "[erased]. agent-77 and agent-7.b stay; ([erased]) goes"),
        ("+33612345678", "call back +33612345678 or +336123456789", "call back [erased] or +336123456789"),
        ("Anne", "Annette and Anne", "Annette and [erased]"),
        ("bob", "bob", "[erased]"),
    ])
    func redactionTakesWholeIdentifiersOnly(identifier: String, text: String, expected: String) {
        #expect(Redaction.redact(identifier, in: text) == expected)
    }

    /// Files ccrd creates hold personal data: 0600, in a 0700 directory.
    @Test func theDatabaseIsPrivate() throws {
        let scratch = try ScratchDirectory()
        defer { scratch.remove() }
        let path = scratch.url.appendingPathComponent("nested/state.sqlite").path
        let store = try Store.open(path: path)
        try store.journalNow(JournalRecord(actor: "cli:test", action: "x", source: "cli"))
        func mode(_ path: String) throws -> Int {
            (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
        }
        #expect(try mode(scratch.url.appendingPathComponent("nested").path) == 0o700)
        for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
            #expect(try mode(file) == 0o600, "\(file)")
        }
        // A file left world-readable (an earlier version) is narrowed when opened again.
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        _ = try Store.open(path: path)
        #expect(try mode(path) == 0o600)
    }
}

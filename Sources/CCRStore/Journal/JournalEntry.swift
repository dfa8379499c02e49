import Foundation
import GRDB

/// One line of the access journal: who did what to which data, when and from where. Entries are
/// chained: each carries the SHA-256 of the previous one, so an edited, inserted or deleted
/// entry breaks the chain (`ccrd journal verify`).
///
/// Persons are never named in the journal: agent ids and caller numbers appear as salted
/// pseudonyms (`Store.pseudonym`), so erasing a person leaves no trace of them here while the
/// journal stays append-only.
public struct JournalEntry: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "journal"

    public var seq: Int64
    /// Milliseconds since 1970 (an integer, so the hash reads back exactly what it covered).
    public var at: Int64
    /// The token ("token:<id>"), "cli:<user>" for the command line, or "anonymous".
    public var actor: String
    /// What was done: "call.read", "calls.list", "export", "subject.erase", "token.create", …
    public var action: String
    /// What it was done to: a call id, "agent:<pseudonym>", a token id, "-".
    public var target: String
    /// Where from: the client address, or "cli".
    public var source: String
    /// The rest, as "key=value" pairs (filters, counts, outcome).
    public var detail: String
    public var previousHash: String
    public var hash: String

    /// The columns queries name (the record itself is read and written through Codable).
    public enum Columns {
        static let seq = Column(CodingKeys.seq)
        static let at = Column(CodingKeys.at)
    }

    /// The hash an entry must carry, given the previous one's.
    static func hash(
        seq: Int64, at: Int64, actor: String, action: String, target: String, source: String, detail: String,
        previousHash: String
    ) -> String {
        let fields = [
            String(seq), String(at), actor, action, target, source, detail, previousHash,
        ]
        // Length-prefixed so no two different entries serialize the same way.
        let canonical = fields.map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        return TokenSecret.hash(canonical)
    }

    /// When it was written.
    public var date: Date { Date(timeIntervalSince1970: Double(at) / 1000) }

    /// The hash of the entry before the first one.
    public static let genesis = String(repeating: "0", count: 64)
}

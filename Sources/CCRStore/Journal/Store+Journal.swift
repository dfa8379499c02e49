import Foundation
import GRDB

/// The access journal: appending, verifying, and the pseudonyms that keep persons out of it.
extension Store {
    /// Appends an entry, chained to the last one.
    @discardableResult
    public func journal(_ record: JournalRecord, now: Date = Date()) async throws(StoreError) -> JournalEntry {
        do {
            return try await writer.write { db in try Self.append(record, at: now, in: db) }
        } catch {
            throw .failed(operation: "write the access journal", reason: Self.describe(error))
        }
    }

    /// The same, blocking; for the command line.
    @discardableResult
    public func journalNow(_ record: JournalRecord, now: Date = Date()) throws(StoreError) -> JournalEntry {
        try write("write the access journal") { db in try Self.append(record, at: now, in: db) }
    }

    static func append(_ record: JournalRecord, at now: Date, in db: Database) throws -> JournalEntry {
        let (lastSeq, lastHash) = try head(db)
        let seq = lastSeq + 1
        let at = milliseconds(now)
        let hash = JournalEntry.hash(
            seq: seq, at: at, actor: record.actor, action: record.action, target: record.target, source: record.source,
            detail: record.detail, previousHash: lastHash)
        let entry = JournalEntry(
            seq: seq, at: at, actor: record.actor, action: record.action, target: record.target, source: record.source,
            detail: record.detail, previousHash: lastHash, hash: hash)
        try entry.insert(db)
        try db.execute(
            sql: "INSERT INTO setting (key, value) VALUES ('journal.head', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            arguments: ["\(seq) \(hash)"])
        return entry
    }

    /// The last entry's sequence and hash (or the anchor's, after a purge of everything).
    static func head(_ db: Database) throws -> (Int64, String) {
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM journal ORDER BY seq DESC LIMIT 1") {
            return (row["seq"], row["hash"])
        }
        if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM journalAnchor WHERE id = 1") {
            return (row["seq"], row["hash"])
        }
        return (0, JournalEntry.genesis)
    }

    /// Deletes the entries written before `before` (always a prefix of the chain) and keeps the
    /// last deleted one as the anchor the rest chains to.
    static func purgeJournal(_ db: Database, before: Date) throws -> Int {
        guard
            let last = try Row.fetchOne(
                db, sql: "SELECT seq, hash FROM journal WHERE at < ? ORDER BY seq DESC LIMIT 1",
                arguments: [milliseconds(before)])
        else { return 0 }
        let seq: Int64 = last["seq"]
        let hash: String = last["hash"]
        try db.execute(sql: "DELETE FROM journal WHERE seq <= ?", arguments: [seq])
        let count = db.changesCount
        try db.execute(
            sql: "INSERT INTO journalAnchor (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            arguments: [seq, hash])
        return count
    }

    /// Checks every entry's hash and link, from the anchor (or the start) to the recorded head.
    public func verifyJournal() throws(StoreError) -> JournalVerification {
        try read("verify the access journal") { db in
            var (expectedSeq, expectedHash): (Int64, String) = (0, JournalEntry.genesis)
            if let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM journalAnchor WHERE id = 1") {
                (expectedSeq, expectedHash) = (row["seq"], row["hash"])
            }
            var result = JournalVerification(entries: 0, headHash: expectedHash, breaks: [])
            let cursor = try JournalEntry.order(JournalEntry.Columns.seq).fetchCursor(db)
            while let entry = try cursor.next() {
                result.entries += 1
                if result.firstSeq == nil { result.firstSeq = entry.seq }
                if entry.seq != expectedSeq + 1 || entry.previousHash != expectedHash {
                    result.breaks.append(
                        .init(
                            seq: entry.seq, problem: .brokenLink,
                            message: entry.seq != expectedSeq + 1
                                ? "entry \(entry.seq) follows entry \(expectedSeq): entries between them were deleted, or this one was inserted"
                                : "entry \(entry.seq) does not chain to entry \(expectedSeq): one of them was replaced or inserted"))
                }
                let computed = JournalEntry.hash(
                    seq: entry.seq, at: entry.at, actor: entry.actor, action: entry.action, target: entry.target,
                    source: entry.source, detail: entry.detail, previousHash: entry.previousHash)
                if computed != entry.hash {
                    result.breaks.append(
                        .init(seq: entry.seq, problem: .edited, message: "entry \(entry.seq) was changed after it was written"))
                }
                expectedSeq = entry.seq
                expectedHash = entry.hash
                result.lastSeq = entry.seq
            }
            result.headHash = expectedHash
            if let recorded = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'journal.head'"),
                recorded != "\(expectedSeq) \(expectedHash)"
            {
                let seq = Int64(recorded.split(separator: " ").first ?? "") ?? 0
                result.breaks.append(
                    .init(
                        seq: seq, problem: .truncated,
                        message: "the journal's last entry should be \(seq) but is \(expectedSeq): entries were removed or replaced at its end"))
            }
            return result
        }
    }

    /// The entries between two times, oldest first (for `ccrd journal show`).
    public func journalEntries(since: Date? = nil, limit: Int = 1000) throws(StoreError) -> [JournalEntry] {
        try read("read the access journal") { db in
            var request = JournalEntry.order(JournalEntry.Columns.seq.desc).limit(limit)
            if let since { request = request.filter(JournalEntry.Columns.at >= Self.milliseconds(since)) }
            return try request.fetchAll(db).reversed()
        }
    }

    /// A stable, salted stand-in for a person's identifier, for the journal: "agent:…" or
    /// "caller:…" followed by 16 hex digits. The salt is random per database.
    public func pseudonym(kind: String, of identifier: String) -> String {
        "\(kind)~" + TokenSecret.hash(salt + kind + ":" + identifier).prefix(16)
    }
}

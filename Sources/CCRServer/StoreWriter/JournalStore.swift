import CCRStore
import Foundation

/// Where the access journal is written, and how it names people (keyed pseudonyms). The state
/// database (`Store`) is the one that ships; tests put a failing one in
/// `ApplicationParts.journal` to show access that cannot be journaled is refused.
public protocol JournalStore: Sendable {
    @discardableResult
    func journal(_ record: JournalRecord, now: Date) async throws(StoreError) -> JournalEntry
    func pseudonym(kind: String, of identifier: String) -> String
}

extension Store: JournalStore {}

import CCRCore

/// Anything that keeps data about people's calls in memory. Erasing a person sends every holder
/// the same message, `forget`; the holders are listed once, in `buildApplication`, and every peer
/// of the event stream is one (`CallEventSubscriber` refines this protocol), so a new holder
/// cannot be wired in without handling erasure.
public protocol SubjectForgetting: Sendable {
    /// A short name for logs and the erasure answer ("live", "storeWriter", "endedCalls").
    var holderName: String { get }
    /// Forgets what it keeps about `subject`'s ended calls (a call still live is kept, as the
    /// store keeps it: erase again once it has ended); returns how many items went.
    @discardableResult
    func forget(_ subject: Subject) -> Int
    /// Whether it still keeps anything about `subject`'s ended calls (for tests and checks).
    func holdsData(about subject: Subject) -> Bool
    /// False for a peer that by design keeps nothing about people (the metrics: counts with
    /// fixed labels); it is still told to forget, and still checked to hold nothing after.
    var keepsPersonalData: Bool { get }
}

extension SubjectForgetting {
    public var keepsPersonalData: Bool { true }
}

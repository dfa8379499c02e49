/// One page of a call query, newest first, with the cursor of the next page (nil on the last).
public struct CallPage: Sendable, Codable, Equatable {
    public var calls: [StoredCall]
    public var nextCursor: String?
}

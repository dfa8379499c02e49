import CCRStore
import Hummingbird

/// A page of stored calls (`GET /v1/calls`), newest first, and the cursor of the next page.
struct CallPageResponse: ResponseEncodable, Equatable {
    var calls: [StoredCallResponse]
    /// Nil after the last page.
    var nextCursor: String?

    init(_ page: CallPage) {
        calls = page.calls.map(StoredCallResponse.init)
        nextCursor = page.nextCursor
    }
}

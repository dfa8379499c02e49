import CCRStore
import Hummingbird

// Stored records are answered in their stored shape on purpose: that JSON is one documented
// contract shared by the API (README, "API") and the export (docs/export.md), and the records are
// plain values of the store, not engine state. Live state (CCRMedia's `CallSnapshot`) is never
// encoded: it goes through `LiveCallResponse`.
extension CallPage: ResponseEncodable {}
extension Review: ResponseEncodable {}

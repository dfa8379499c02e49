import Foundation

/// Where a page of calls ended: the start time and id of its last call. Opaque to clients
/// (base64url of "milliseconds.id"); the next page starts strictly after it, newest first.
public struct CallCursor: Sendable, Equatable {
    public var startedAt: Int64
    public var id: String

    public init(startedAt: Int64, id: String) {
        self.startedAt = startedAt
        self.id = id
    }

    /// Reads a cursor a previous page returned; nil when it is not one.
    public init?(text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8),
            let dot = decoded.firstIndex(of: "."), let startedAt = Int64(decoded[..<dot])
        else { return nil }
        let id = String(decoded[decoded.index(after: dot)...])
        guard !id.isEmpty else { return nil }
        self.init(startedAt: startedAt, id: id)
    }

    /// The text to hand to the client.
    public var text: String {
        Data("\(startedAt).\(id)".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

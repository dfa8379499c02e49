import Foundation

/// Where a page of calls ended: the sort key of its last call (start time and id, and its
/// score when the page is sorted by score). Opaque to clients (base64url of "milliseconds.id",
/// or "order|score|milliseconds.id" for the other orders); the next page starts strictly after
/// it, in the same order.
public struct CallCursor: Sendable, Equatable {
    public var startedAt: Int64
    public var id: String
    /// The order the page was in: a cursor is only good for that order.
    public var order: CallOrder
    /// The last call's score, when the page is sorted by score.
    public var score: Double?

    public init(startedAt: Int64, id: String, order: CallOrder = .newest, score: Double? = nil) {
        self.startedAt = startedAt
        self.id = id
        self.order = order
        self.score = order.byScore ? (score ?? 0) : nil
    }

    /// Reads a cursor a previous page returned; nil when it is not one.
    public init?(text: String) {
        guard text.utf8.count <= 1024 else { return nil }
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), var decoded = String(data: data, encoding: .utf8) else { return nil }
        var order = CallOrder.newest
        var score: Double?
        if decoded.hasPrefix("o|") || decoded.hasPrefix("s|") || decoded.hasPrefix("S|") {
            let parts = decoded.split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2 else { return nil }
            switch parts[0] {
            case "o":
                order = .oldest
                decoded = String(decoded.dropFirst(2))
            default:
                order = parts[0] == "s" ? .lowestScore : .highestScore
                guard parts.count == 3, let value = Double(parts[1]), value.isFinite, (0...100).contains(value) else { return nil }
                score = value
                decoded = String(parts[2])
            }
        }
        guard let dot = decoded.firstIndex(of: "."), let startedAt = Int64(decoded[..<dot]) else { return nil }
        let id = String(decoded[decoded.index(after: dot)...])
        guard !id.isEmpty else { return nil }
        self.init(startedAt: startedAt, id: id, order: order, score: score)
    }

    /// The text to hand to the client.
    public var text: String {
        let key = "\(startedAt).\(id)"
        let plain: String =
            switch order {
            case .newest: key
            case .oldest: "o|" + key
            case .lowestScore: "s|\(score ?? 0)|" + key
            case .highestScore: "S|\(score ?? 0)|" + key
            }
        return Data(plain.utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}

import Foundation
import NIOCore

/// The control messages of the live channel (events are built by the hub directly); see
/// docs/live.md.
enum LiveMessage {
    struct Snapshot: Encodable {
        var type = "snapshot"
        var seq: UInt64
        var serverTime: String
        var calls: [LiveCallState]
        /// Maintenance announced and not over (every client).
        var maintenance: [MaintenanceNotice]
        /// Open incidents (admins only; absent for others).
        var incidents: [IncidentResponse]?

        /// The snapshot as sent, with `recentAlerts`: the alert events of the last hour the
        /// client may see, oldest first, each exactly as the stream sent it (already encoded).
        func buffer(recentAlerts: [ByteBuffer]) -> ByteBuffer {
            var text = LiveMessage.text(self)
            guard text.hasSuffix("}") else { return ByteBuffer(string: text) }
            text.removeLast()
            var buffer = ByteBuffer(string: text)
            buffer.writeString(#","recentAlerts":["#)
            for (index, alert) in recentAlerts.enumerated() {
                if index > 0 { buffer.writeString(",") }
                var alert = alert
                buffer.writeBuffer(&alert)
            }
            buffer.writeString("]}")
            return buffer
        }
    }

    struct Resync: Encodable {
        var type = "resync"
        var since: UInt64
        var oldestAvailable: UInt64
        var seq: UInt64
    }

    struct Dropped: Encodable {
        var type = "dropped"
        var count: Int
        var fromSeq: UInt64
        var toSeq: UInt64
    }

    struct Subscribed: Encodable {
        var type = "subscribed"
        var filter: LiveFilter
    }

    struct Failure: Encodable {
        var type = "error"
        var message: String
    }

    /// A message the client sends.
    struct Subscribe: Decodable {
        var type: String
        var teams: [String]?
        var agents: [String]?
        var calls: [String]?
        var minSeverity: String?
        var kinds: [String]?
    }

    static func text(_ message: some Encodable) -> String {
        guard let data = try? JSONEncoder().encode(message) else {
            return #"{"type":"error","message":"the server could not encode a message"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func buffer(_ message: some Encodable) -> ByteBuffer {
        ByteBuffer(string: text(message))
    }

    /// `s` as a JSON string literal.
    static func quoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

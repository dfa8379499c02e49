import Foundation

/// Datagrams the kernel dropped because a UDP socket's receive buffer was full: the sign that
/// ingest does not read RTP as fast as it arrives (overload). It is the kernel's `RcvbufErrors`
/// counter (IPv4 `/proc/net/snmp`, IPv6 `/proc/net/snmp6`), one per network namespace: on a
/// box shared with other UDP services their overflows count too.
struct UDPReceiveDrops: Sendable, Equatable {
    var count: UInt64

    /// The counter now; nil where /proc/net cannot be read (the probe then judges without it).
    static func read() -> UDPReceiveDrops? {
        let v4 = (try? String(contentsOfFile: "/proc/net/snmp", encoding: .utf8)).flatMap(ipv4)
        let v6 = (try? String(contentsOfFile: "/proc/net/snmp6", encoding: .utf8)).flatMap(ipv6)
        guard v4 != nil || v6 != nil else { return nil }
        return UDPReceiveDrops(count: (v4 ?? 0) &+ (v6 ?? 0))
    }

    /// `RcvbufErrors` from the `Udp:` header and value lines of /proc/net/snmp.
    static func ipv4(_ text: String) -> UInt64? {
        let lines = text.split(separator: "\n").filter { $0.hasPrefix("Udp: ") }
        guard lines.count >= 2 else { return nil }
        let names = lines[0].split(separator: " ")
        let values = lines[1].split(separator: " ")
        guard names.count == values.count, let index = names.firstIndex(of: "RcvbufErrors") else { return nil }
        return UInt64(values[index])
    }

    /// `Udp6RcvbufErrors` from /proc/net/snmp6 (one `name value` per line).
    static func ipv6(_ text: String) -> UInt64? {
        for line in text.split(separator: "\n") {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            if fields.count == 2, fields[0] == "Udp6RcvbufErrors" { return UInt64(fields[1]) }
        }
        return nil
    }
}

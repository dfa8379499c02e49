import NIOCore

extension SocketAddress {
    /// True when both addresses are the same IP, whatever the port. Compares the raw
    /// addresses without allocating (`ipAddress` formats a string per call, too slow for every
    /// packet), and an IPv4 address equals its IPv4-mapped IPv6 form (`::ffff:a.b.c.d`, as
    /// dual-stack sockets report IPv4 senders).
    func isSameHost(as other: SocketAddress) -> Bool {
        switch (self, other) {
        case (.v4(let a), .v4(let b)):
            // sockaddr_in: family (2), port (2), then the 4-byte address.
            return withUnsafeBytes(of: a.address) { left in
                withUnsafeBytes(of: b.address) { right in left[4..<8].elementsEqual(right[4..<8]) }
            }
        case (.v6(let a), .v6(let b)):
            // sockaddr_in6: family (2), port (2), flow info (4), then the 16-byte address.
            return withUnsafeBytes(of: a.address) { left in
                withUnsafeBytes(of: b.address) { right in left[8..<24].elementsEqual(right[8..<24]) }
            }
        case (.v4(let a), .v6(let b)), (.v6(let b), .v4(let a)):
            return withUnsafeBytes(of: a.address) { v4 in
                withUnsafeBytes(of: b.address) { v6 in
                    v6[8..<18].allSatisfy { $0 == 0 } && v6[18] == 0xFF && v6[19] == 0xFF
                        && v6[20..<24].elementsEqual(v4[4..<8])
                }
            }
        default:
            return false
        }
    }
}

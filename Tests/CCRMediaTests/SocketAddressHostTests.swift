import NIOCore
import Testing

@testable import CCRMedia

@Suite("Source address comparison")
struct SocketAddressHostTests {
    @Test func comparesHostsIgnoringPorts() throws {
        let a = try SocketAddress(ipAddress: "127.0.0.1", port: 5004)
        #expect(a.isSameHost(as: try SocketAddress(ipAddress: "127.0.0.1", port: 9)))
        #expect(!a.isSameHost(as: try SocketAddress(ipAddress: "127.0.0.2", port: 5004)))
        let b = try SocketAddress(ipAddress: "::1", port: 5004)
        #expect(b.isSameHost(as: try SocketAddress(ipAddress: "::1", port: 1)))
        #expect(!b.isSameHost(as: try SocketAddress(ipAddress: "::2", port: 5004)))
        #expect(!a.isSameHost(as: b))
        let mapped = try SocketAddress(ipAddress: "::ffff:127.0.0.1", port: 7)
        #expect(a.isSameHost(as: mapped))
        #expect(mapped.isSameHost(as: a))
        #expect(!(try SocketAddress(ipAddress: "::ffff:127.0.0.2", port: 7)).isSameHost(as: a))
    }
}

import Foundation

/// Sends the datagrams of one 20 ms tick to loopback ports. (`sendmmsg` is not visible from
/// Swift's Glibc module; one `sendto` per datagram costs this process about 1–2 µs each, and
/// its CPU is reported beside ccrd's.)
final class UDPBatchSender {
    private let fd: Int32
    private var pending: [(bytes: [UInt8], port: Int)] = []

    enum Failure: Error { case socket(Int32) }

    init() throws {
        fd = socket(AF_INET, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.socket(errno) }
        var size: Int32 = 4 << 20
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, socklen_t(MemoryLayout<Int32>.size))
    }

    deinit { close(fd) }

    func add(_ bytes: [UInt8], port: Int) {
        pending.append((bytes, port))
    }

    /// Sends everything added; returns how many datagrams went out.
    func flush() -> Int {
        var sent = 0
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        for item in pending {
            address.sin_port = in_port_t(UInt16(item.port).bigEndian)
            let result = item.bytes.withUnsafeBytes { bytes in
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        sendto(fd, bytes.baseAddress, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            if result > 0 { sent += 1 }
        }
        pending.removeAll(keepingCapacity: true)
        return sent
    }
}

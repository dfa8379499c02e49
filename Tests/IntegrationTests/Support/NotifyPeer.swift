import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// What systemd is to a `Type=notify` service: a Unix datagram socket at `path` (given to
/// the daemon as `NOTIFY_SOCKET`) that keeps every message with the time it came.
final class NotifyPeer: @unchecked Sendable {
    let path: String
    private let descriptor: Int32
    private let lock = NSLock()
    private var received: [(at: ContinuousClock.Instant, message: String)] = []
    private var open = true
    private var reader: Thread?

    init(directory: URL) throws {
        path = directory.appendingPathComponent("notify.sock").path
        descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard descriptor >= 0 else { throw PeerError.socket(errno) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { for (index, byte) in bytes.enumerated() { $0[index] = byte } }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw PeerError.socket(errno) }
        var timeout = timeval(tv_sec: 0, tv_usec: 100_000)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let thread = Thread { [weak self] in self?.receive() }
        reader = thread
        thread.start()
    }

    deinit {
        close(descriptor)
        unlink(path)
    }

    func stop() {
        lock.withLock { open = false }
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while lock.withLock({ open }) {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            guard count > 0 else { continue }
            let message = String(decoding: buffer[0..<count], as: UTF8.self)
            lock.withLock { received.append((ContinuousClock.now, message)) }
        }
    }

    /// Every message so far, in order, with when it came.
    var messages: [(at: ContinuousClock.Instant, message: String)] { lock.withLock { received } }

    /// Waits up to `timeout` for a message with the line `line`; when it came.
    func wait(for line: String, after start: ContinuousClock.Instant? = nil, timeout: Duration) async -> ContinuousClock.Instant? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let hit = messages.first(where: { ($0.at >= (start ?? $0.at)) && $0.message.split(separator: "\n").contains(Substring(line)) }) {
                return hit.at
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    enum PeerError: Error { case socket(Int32) }
}

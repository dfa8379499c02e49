#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Tells systemd how ccrd is doing, as sd_notify(3) does: one datagram per message to the
/// Unix socket named by `NOTIFY_SOCKET` (a path, or `@name` for the abstract namespace).
/// ccrd sends READY=1 once it serves, STATUS= with its live calls, WATCHDOG=1 from the health
/// loop after each round of probes, and STOPPING=1 when it drains. Without `NOTIFY_SOCKET`
/// (not under systemd, or `Type=` other than notify) every call does nothing.
public struct SystemdNotifier: Sendable {
    /// The socket's address bytes (a leading NUL for the abstract namespace), or nil.
    let address: [UInt8]?
    /// How often systemd expects WATCHDOG=1 (`WATCHDOG_USEC`), when it asked for it and the
    /// request is for this process (`WATCHDOG_PID`, when set).
    public let watchdogTimeout: Duration?

    /// Reads `NOTIFY_SOCKET`, `WATCHDOG_USEC` and `WATCHDOG_PID`. A value that does not make
    /// sense (a path too long for a socket address, a timeout of 0 or over a day) is ignored.
    public init(environment: [String: String], processID: Int32 = getpid()) {
        var address: [UInt8]? = nil
        if let socket = environment["NOTIFY_SOCKET"], !socket.isEmpty, socket.hasPrefix("/") || socket.hasPrefix("@") {
            var bytes = Array(socket.utf8)
            if bytes[0] == UInt8(ascii: "@") { bytes[0] = 0 }
            if bytes.count < MemoryLayout.size(ofValue: sockaddr_un().sun_path) { address = bytes }
        }
        self.address = address
        var timeout: Duration? = nil
        if let text = environment["WATCHDOG_USEC"], let microseconds = UInt64(text), microseconds > 0, microseconds <= 86_400_000_000,
            environment["WATCHDOG_PID"].map({ Int32($0) == processID }) ?? true
        {
            timeout = .microseconds(Int64(microseconds))
        }
        self.watchdogTimeout = address == nil ? nil : timeout
    }

    /// Whether systemd is listening.
    public var isActive: Bool { address != nil }

    /// Sends one message (`KEY=value` lines); false when it could not be sent.
    @discardableResult
    public func send(_ message: String) -> Bool {
        guard let address else { return false }
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { return false }
        defer { close(descriptor) }
        var destination = sockaddr_un()
        destination.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &destination.sun_path) { path in
            for (index, byte) in address.enumerated() { path[index] = byte }
        }
        // A path is NUL-terminated (the zeroed tail); an abstract name is exactly its bytes.
        let length = MemoryLayout<sa_family_t>.size + address.count + (address[0] == 0 ? 0 : 1)
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &destination) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
                sendto(descriptor, bytes, bytes.count, Int32(MSG_NOSIGNAL), socketAddress, socklen_t(length))
            }
        }
        return sent == bytes.count
    }

    public func ready(status: String) { send("READY=1\nSTATUS=\(Self.line(status))") }
    public func status(_ status: String) { send("STATUS=\(Self.line(status))") }
    public func watchdog() { send("WATCHDOG=1") }
    public func stopping(status: String) { send("STOPPING=1\nSTATUS=\(Self.line(status))") }

    /// A status is one line.
    static func line(_ text: String) -> String {
        String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}

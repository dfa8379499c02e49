import Foundation

/// What /proc says about a process (and the machine's UDP counters), for CPU and memory figures.
public struct ProcessSample: Sendable {
    /// User + system CPU seconds so far.
    public var cpuSeconds: Double
    /// Resident memory, KiB.
    public var rssKiB: Int
    public var time: ContinuousClock.Instant

    public init?(pid: Int32) {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        // Fields after the command name: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
        cpuSeconds = (user + system) / ticks
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        let rssLine = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }
        rssKiB = rssLine.flatMap { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1]) } ?? 0
        time = .now
    }

    /// CPU used between two samples as a fraction of one core.
    public static func coreShare(from start: ProcessSample, to end: ProcessSample) -> Double {
        let wall = end.time - start.time
        let seconds = Double(wall.components.seconds) + Double(wall.components.attoseconds) / 1e18
        return seconds > 0 ? (end.cpuSeconds - start.cpuSeconds) / seconds : 0
    }

    /// User + system CPU seconds of this process (`RUSAGE_SELF`) or of its waited-for children.
    public static func ownCPUSeconds(children: Bool = false) -> Double {
        var usage = rusage()
        getrusage(__rusage_who_t((children ? RUSAGE_CHILDREN : RUSAGE_SELF).rawValue), &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    /// The kernel's count of UDP datagrams dropped because a socket's receive buffer was full.
    public static func udpReceiveBufferErrors() -> Int {
        guard let snmp = try? String(contentsOfFile: "/proc/net/snmp", encoding: .utf8) else { return 0 }
        let lines = snmp.split(separator: "\n").filter { $0.hasPrefix("Udp:") }
        guard lines.count >= 2 else { return 0 }
        let names = lines[0].split(separator: " ")
        let values = lines[1].split(separator: " ")
        guard let index = names.firstIndex(of: "RcvbufErrors"), index < values.count else { return 0 }
        return Int(values[index]) ?? 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Free space on the file system that holds the state database, as the health loop judges it:
/// down under 64 MiB (writes are about to fail), degraded under 1 GiB or 5 % (disk nearly full),
/// minor under 4 GiB or 10 % (filling up: time to look), up otherwise.
struct DiskSpace: Equatable {
    var freeBytes: UInt64
    var totalBytes: UInt64

    static let downBelow: UInt64 = 64 << 20
    static let degradedBelow: UInt64 = 1 << 30
    static let degradedShare = 0.05
    static let minorBelow: UInt64 = 4 << 30
    static let minorShare = 0.10

    /// The file system of `path`'s directory (the path itself need not exist yet); nil when it
    /// cannot be read.
    init?(of path: String) {
        let directory = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        var stats = statvfs()
        guard statvfs(directory.isEmpty ? "/" : directory, &stats) == 0 else { return nil }
        self.init(freeBytes: UInt64(stats.f_bavail) &* UInt64(stats.f_frsize), totalBytes: UInt64(stats.f_blocks) &* UInt64(stats.f_frsize))
    }

    init(freeBytes: UInt64, totalBytes: UInt64) {
        self.freeBytes = freeBytes
        self.totalBytes = totalBytes
    }

    var condition: HealthState.Condition {
        if freeBytes < Self.downBelow { return .down }
        let share = totalBytes > 0 ? Double(freeBytes) / Double(totalBytes) : 1
        if freeBytes < Self.degradedBelow || share < Self.degradedShare { return .degraded }
        if freeBytes < Self.minorBelow || share < Self.minorShare { return .minor }
        return .up
    }
}

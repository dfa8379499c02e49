import CCRCore
import Dispatch

/// Time as ingest measures it: monotonic nanoseconds of uptime, and their length in 16 kHz
/// media samples. Arrival times, idle timeouts and silence fill are all counted on it.
public enum MediaClock {
    /// Nanoseconds in one sample of 16 kHz media (62,500).
    public static let nanosecondsPerSample = Int64(1_000_000_000 / Frame.sampleRate)

    /// Monotonic nanoseconds now.
    public static func now() -> Int64 { Int64(DispatchTime.now().uptimeNanoseconds) }

    /// A duration in nanoseconds.
    public static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }

    /// A duration in 16 kHz samples.
    public static func samples(_ duration: Duration) -> Int64 {
        nanoseconds(duration) / nanosecondsPerSample
    }
}

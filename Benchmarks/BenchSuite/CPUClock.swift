import Foundation

/// CPU time of the calling thread, for in-process steps that must not count other threads.
enum CPUClock {
    static func threadSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

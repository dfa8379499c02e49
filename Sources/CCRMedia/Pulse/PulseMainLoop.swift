import CPulse

/// The one libpulse main loop of the process, on a thread of its own, that every PulseAudio
/// server connection (`PulseServer`) and capture stream (`PulseCapture`) runs on.
///
/// Why the asynchronous API with one threaded main loop, not `pa_simple`: the simple API
/// blocks a thread in `pa_simple_read` per stream, so two legs per agent times dozens of
/// agents would be a hundred threads, mostly asleep, each with a connection of its own. With the
/// asynchronous API one thread serves every server's context and every record stream; its read
/// callbacks only copy the samples out and hand them to the calls' event loops, so the pulse
/// thread never waits on analysis and one slow agent cannot hold up the others.
///
/// Everything that touches libpulse objects does it holding the loop's lock (`locked`), or
/// from a libpulse callback, which runs on the loop's thread with the lock held.
public final class PulseMainLoop: @unchecked Sendable {
    private let loop: OpaquePointer

    /// The process's loop, started on first use.
    public static let shared = PulseMainLoop()

    init() {
        guard let loop = pa_threaded_mainloop_new() else { fatalError("ccrd: libpulse could not create its main loop (out of memory)") }
        self.loop = loop
        pa_threaded_mainloop_set_name(loop, "ccrd-pulse")
        guard pa_threaded_mainloop_start(loop) >= 0 else { fatalError("ccrd: libpulse could not start its main loop thread") }
    }

    /// The loop's API, for creating contexts (with the lock held).
    var api: UnsafeMutablePointer<pa_mainloop_api> { pa_threaded_mainloop_get_api(loop) }

    /// Runs `body` holding the loop's lock (never from a libpulse callback: they hold it already).
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pa_threaded_mainloop_lock(loop)
        defer { pa_threaded_mainloop_unlock(loop) }
        return try body()
    }
}

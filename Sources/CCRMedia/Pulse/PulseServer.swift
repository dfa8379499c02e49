import CPulse
#if canImport(Glibc)
import Glibc
#endif

/// A connection to one PulseAudio server (a libpulse context on the shared `PulseMainLoop`):
/// the agent workstation's own server over TCP (`tcp:ws-17.example:4713`), a local socket
/// (`unix:/run/user/1000/pulse/native`), or the environment's default when `address` is nil.
/// It lists the server's sources and opens record streams on them (`capture`).
public final class PulseServer: @unchecked Sendable {
    /// As configured; nil for the default (PULSE_SERVER, else libpulse's own default).
    public let address: String?
    let mainLoop: PulseMainLoop
    /// Guarded by the main loop's lock.
    private var context: OpaquePointer?
    private var failure: String?

    /// The address as logs and errors name it.
    public var name: String { address ?? "(default)" }

    public init(address: String?, mainLoop: PulseMainLoop = .shared) {
        self.address = address
        self.mainLoop = mainLoop
    }

    deinit {
        let context = self.context
        mainLoop.locked {
            if let context {
                pa_context_disconnect(context)
                pa_context_unref(context)
            }
        }
    }

    /// Connects (once) and waits until the server answers, at most `timeout`.
    public func connect(timeout: Duration = .seconds(5)) throws(PulseError) {
        mainLoop.locked {
            if let context {
                switch pa_context_get_state(context) {
                case PA_CONTEXT_FAILED, PA_CONTEXT_TERMINATED: break  // made again below
                default: return  // ready, or connecting for another caller: wait for it below
                }
            }
            if let old = context {
                pa_context_disconnect(old)
                pa_context_unref(old)
                context = nil
            }
            failure = nil
            guard let made = pa_context_new(mainLoop.api, "ccrd") else {
                failure = "libpulse could not create a context"
                return
            }
            context = made
            if pa_context_connect(made, address, PA_CONTEXT_NOAUTOSPAWN, nil) < 0 {
                failure = String(cString: pa_strerror(pa_context_errno(made)))
            }
        }
        try waitUntil(timeout: timeout, what: "connection") { () -> Bool? in
            guard let context else { return false }
            switch pa_context_get_state(context) {
            case PA_CONTEXT_READY: return true
            case PA_CONTEXT_FAILED, PA_CONTEXT_TERMINATED:
                failure = failure ?? String(cString: pa_strerror(pa_context_errno(context)))
                return false
            default: return nil
            }
        }
    }

    /// Whether the connection is up now.
    public var isReady: Bool {
        mainLoop.locked { context.map { pa_context_get_state($0) == PA_CONTEXT_READY } ?? false }
    }

    /// The names of the server's sources (microphones and sinks' `.monitor`s).
    public func sourceNames(timeout: Duration = .seconds(5)) throws(PulseError) -> [String] {
        // Retained for the callback: released by it at the end of the list, or here when the
        // operation is cancelled (then the callback never runs again).
        let list = SourceList()
        let userdata = Unmanaged.passRetained(list).toOpaque()
        let (operation, failed): (OpaquePointer?, String?) = mainLoop.locked {
            guard let context else { return (nil, failure ?? "not connected") }
            let operation = pa_context_get_source_info_list(
                context,
                { _, info, eol, userdata in
                    guard let userdata else { return }
                    let list = Unmanaged<SourceList>.fromOpaque(userdata).takeUnretainedValue()
                    if eol != 0 {
                        if eol < 0 { list.failed = true }
                        list.done = true
                        Unmanaged<SourceList>.fromOpaque(userdata).release()
                    } else if let info, let name = info.pointee.name {
                        list.names.append(String(cString: name))
                    }
                }, userdata)
            return (operation, operation == nil ? String(cString: pa_strerror(pa_context_errno(context))) : nil)
        }
        guard let operation else {
            Unmanaged<SourceList>.fromOpaque(userdata).release()
            throw .serverUnavailable(server: name, reason: failed ?? "not connected")
        }
        do {
            try waitUntil(timeout: timeout, what: "the list of sources") { () -> Bool? in
                list.done ? !list.failed : (pa_operation_get_state(operation) == PA_OPERATION_CANCELLED ? false : nil)
            }
        } catch {
            mainLoop.locked {
                if !list.done {
                    pa_operation_cancel(operation)
                    Unmanaged<SourceList>.fromOpaque(userdata).release()
                }
                pa_operation_unref(operation)
            }
            throw error
        }
        return mainLoop.locked {
            pa_operation_unref(operation)
            return list.names
        }
    }

    /// Opens a record stream on `source`: 16 kHz mono s16, ~20 ms fragments. `received` gets
    /// each block of samples (its own array, to keep) on the pulse thread; do not block.
    public func capture(
        source: String, received: @escaping @Sendable ([Int16]) -> Void, timeout: Duration = .seconds(5)
    ) throws(PulseError) -> PulseCapture {
        let capture = PulseCapture(server: self, source: source, received: received)
        do {
            try capture.start(timeout: timeout)
            return capture
        } catch {
            capture.stop()
            // Only now are the sources listed: a missing one is named with those there are.
            let names = try sourceNames(timeout: timeout)
            guard names.contains(source) else { throw .noSuchSource(server: name, source: source, available: names) }
            throw error
        }
    }

    /// The context, for streams (with the lock held).
    func withContext<T>(_ body: (OpaquePointer?) -> T) -> T {
        body(context)
    }

    /// Polls `condition` (under the lock) every 10 ms until it says true (done) or false
    /// (failed), at most `timeout`. libpulse's own wait has no timeout, and a server that does
    /// not answer must not hold ccrd.
    func waitUntil(timeout: Duration, what: String, _ condition: () -> Bool?) throws(PulseError) {
        let deadline = ContinuousClock.now + timeout
        while true {
            switch mainLoop.locked(condition) {
            case true?: return
            case false?: throw .serverUnavailable(server: name, reason: mainLoop.locked { failure } ?? "\(what) failed")
            case nil:
                guard ContinuousClock.now < deadline else { throw .timedOut(server: name, waitingFor: what) }
                usleep(10_000)
            }
        }
    }
}

/// Names gathered by an introspection callback (touched on the pulse thread, read under the lock).
private final class SourceList: @unchecked Sendable {
    var names: [String] = []
    var done = false
    var failed = false
}

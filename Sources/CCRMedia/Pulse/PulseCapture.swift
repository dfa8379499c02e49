import CPulse

/// One record stream on a PulseAudio source (a headset microphone, or a sink's `.monitor` for
/// what the agent hears): 16 kHz mono signed 16-bit, with a 20 ms fragment asked for so blocks
/// arrive with low latency. Each block goes to `received` on the pulse thread. It counts what
/// a leg's statistics show: samples captured and holes (gaps the server reported in the
/// stream). libpulse reports overflows for playback streams only: audio a record stream's server
/// drops because ccrd read too slowly is not reported to the client at all.
public final class PulseCapture: @unchecked Sendable {
    /// 16 kHz mono s16: the analysis's rate, so nothing is resampled in ccrd.
    static let spec = pa_sample_spec(format: PA_SAMPLE_S16LE, rate: 16_000, channels: 1)
    /// 20 ms of it.
    static let fragmentBytes: UInt32 = 640

    public let source: String
    private let server: PulseServer
    private let received: @Sendable ([Int16]) -> Void
    /// Guarded by the main loop's lock (the callbacks hold it).
    private var stream: OpaquePointer?
    private var counters = Counters()
    /// An odd byte left over from a block (blocks are whole samples in practice).
    private var carry: UInt8?

    /// What the stream has seen so far.
    public struct Counters: Sendable, Equatable {
        public var samples: Int64 = 0
        public var holeBytes = 0
        public var failed: String?
    }

    init(server: PulseServer, source: String, received: @escaping @Sendable ([Int16]) -> Void) {
        self.server = server
        self.source = source
        self.received = received
    }

    deinit {
        // Stopped (as every owner does before letting go): nothing of libpulse's is held, and no
        // lock is taken, whichever thread this runs on.
        guard let stream else { return }
        server.mainLoop.locked { Self.release(stream) }
    }

    public var statistics: Counters { server.mainLoop.locked { counters } }

    /// Connects the stream and waits until it records.
    func start(timeout: Duration) throws(PulseError) {
        let failure: String? = server.mainLoop.locked {
            server.withContext { context -> String? in
                guard let context else { return "not connected" }
                var spec = Self.spec
                guard let made = pa_stream_new(context, "ccrd \(source)", &spec, nil) else {
                    return String(cString: pa_strerror(pa_context_errno(context)))
                }
                stream = made
                let me = Unmanaged.passUnretained(self).toOpaque()
                pa_stream_set_read_callback(
                    made,
                    { stream, _, userdata in
                        guard let stream, let userdata else { return }
                        Unmanaged<PulseCapture>.fromOpaque(userdata).takeUnretainedValue().read(stream)
                    }, me)
                var attributes = pa_buffer_attr(
                    maxlength: UInt32.max, tlength: UInt32.max, prebuf: UInt32.max, minreq: UInt32.max, fragsize: Self.fragmentBytes)
                let flags = pa_stream_flags_t(rawValue: PA_STREAM_ADJUST_LATENCY.rawValue | PA_STREAM_DONT_MOVE.rawValue)
                guard pa_stream_connect_record(made, source, &attributes, flags) >= 0 else {
                    return String(cString: pa_strerror(pa_context_errno(context)))
                }
                return nil
            }
        }
        if let failure { throw .streamFailed(server: server.name, source: source, reason: failure) }
        try server.waitUntil(timeout: timeout, what: "the record stream of '\(source)'") { () -> Bool? in
            guard let stream else { return false }
            switch pa_stream_get_state(stream) {
            case PA_STREAM_READY: return true
            case PA_STREAM_FAILED, PA_STREAM_TERMINATED: return false
            default: return nil
            }
        }
    }

    /// Whether the stream still records (false once the server went away).
    public var isRecording: Bool {
        server.mainLoop.locked { stream.map { pa_stream_get_state($0) == PA_STREAM_READY } ?? false }
    }

    /// Stops recording.
    public func stop() {
        server.mainLoop.locked {
            if let stream { Self.release(stream) }
            stream = nil
        }
    }

    private static func release(_ stream: OpaquePointer) {
        pa_stream_set_read_callback(stream, nil, nil)
        pa_stream_disconnect(stream)
        pa_stream_unref(stream)
    }

    /// On the pulse thread: takes every readable block.
    private func read(_ stream: OpaquePointer) {
        while pa_stream_readable_size(stream) > 0 {
            var data: UnsafeRawPointer?
            var bytes = 0
            guard pa_stream_peek(stream, &data, &bytes) >= 0 else {
                counters.failed = String(cString: pa_strerror(pa_context_errno(pa_stream_get_context(stream))))
                return
            }
            if bytes == 0 { return }  // nothing (the buffer is empty)
            if let data {
                deliver(UnsafeRawBufferPointer(start: data, count: bytes))
            } else {
                counters.holeBytes += bytes  // a hole: the server lost this much
            }
            pa_stream_drop(stream)
        }
    }

    private func deliver(_ raw: UnsafeRawBufferPointer) {
        var bytes = raw[...]
        if let carry, let first = bytes.first {
            let sample = Int16(bitPattern: UInt16(carry) | UInt16(first) << 8)
            received([sample])
            counters.samples += 1
            self.carry = nil
            bytes = bytes.dropFirst()
        }
        let whole = bytes.count / 2
        if whole > 0 {
            // Little-endian s16, as asked; copied so the block may be any alignment.
            let samples = [Int16](unsafeUninitializedCapacity: whole) { buffer, count in
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes.prefix(whole * 2)))
                count = whole
            }
            // Handed over as it is: the receiver keeps it without copying it again.
            received(samples)
            counters.samples += Int64(whole)
        }
        if bytes.count % 2 == 1 { carry = bytes.last }
    }
}

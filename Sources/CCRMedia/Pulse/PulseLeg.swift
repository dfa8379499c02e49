import CCRCore

/// A leg fed by PulseAudio capture (`PulseCapture`): blocks of 16 kHz samples in, 20 ms frames
/// out. Media time is the sample count from the leg's first block, placed on the call's
/// timeline by that block's arrival (like an RTP leg's first packet), never by wall clock after.
///
/// When the server goes away (restart, logout), the leg notices that its stream stopped
/// (`advance`), asks for it to be opened again (`reopen`) with backoff from 0.5 s to 30 s, and
/// once a new stream records, places it by its first block's arrival again: the time in between
/// is a gap, counted, and the conversation hears silence there. Confined to the call's event loop.
final class PulseLeg: LegSource {
    let leg: Leg
    /// The PulseAudio source it records, and its server, for the API and logs.
    let source: String
    let server: String
    /// When the last block came (monotonic ns).
    private var lastBlock: Int64?
    private let createdAt = MediaClock.now()
    /// The last input; while the stream is being opened again after a loss, now: a lost server
    /// does not end the call as idle (it ends with `/end`, or once nothing comes back after the
    /// leg gives up, which it never does while the call lives).
    var lastActivity: Int64? { reconnection.isLost ? MediaClock.now() : lastBlock }
    private var reframer: Reframer?
    private(set) var samples: Int64 = 0
    private var scratch: [Float] = []
    /// The record stream, once open (its overrun and hole counters, and whether it records).
    private(set) var recorder: PulseCapture?
    /// Opens the stream again after a loss, off the loop; the call hands the outcome back to
    /// `reopened`. Set by the switchboard once the first stream is open.
    var reopen: (@Sendable () -> Void)?
    /// Whether the leg stops the stream when the call ends: an automatic line's streams
    /// (`PulseStation`) outlive its calls.
    private var ownsRecorder = true
    /// The stream's hole count when the leg took it (an automatic line's stream predates the call).
    private var holeBaseline = 0
    /// Holes of the leg's earlier streams (before a loss).
    private var earlierHoleBytes = 0
    private var reconnection = Reconnection()
    /// The next block starts a new stream: place it by its arrival.
    private var realign = false
    private(set) var gaps = 0
    private var gapSamples: Int64 = 0
    /// No block for this long makes the leg look at its stream.
    static let quietBeforeCheck: Int64 = 300_000_000

    var senderEnded: Bool { false }
    /// Capture crosses no packet network.
    var transport: TransportCounters? { nil }
    var statistics: LegStatistics? { nil }

    /// The stream's counters when the call ended.
    private var lastCounters: PulseCapture.Counters?

    var capture: CaptureStatistics? {
        var capture = CaptureStatistics(server: server, source: source)
        capture.capturedSeconds = Double(samples) / Double(Frame.sampleRate)
        capture.gaps = gaps
        capture.gapSeconds = Double(gapSamples) / Double(Frame.sampleRate)
        let current = (recorder?.statistics ?? lastCounters).map { max(0, $0.holeBytes - holeBaseline) } ?? 0
        capture.holeSeconds = Double((earlierHoleBytes + current) / 2) / Double(Frame.sampleRate)
        capture.recording = recorder?.isRecording ?? false
        return capture
    }

    init(leg: Leg, source: String, server: String) {
        self.leg = leg
        self.source = source
        self.server = server
    }

    /// A block of captured samples, `arrival` being when it was handed over (monotonic ns);
    /// `origin` places the leg's first block on the call's timeline.
    func receive(_ block: [Int16], arrival: Int64, origin: Int64, emit: (Frame) -> Void) {
        guard !block.isEmpty else { return }
        if realign {
            realign = false
            if let position = reframer?.position, origin > position {
                gaps += 1
                gapSamples += origin - position
                reframer?.jump(to: origin, emit: emit)
            }
        }
        lastBlock = arrival
        if reframer == nil { reframer = Reframer(leg: leg, start: origin) }
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(block.count)
        for sample in block { scratch.append(Float(sample) / 32_768) }
        reframer?.append(scratch[...], concealed: false, emit: emit)
        samples += Int64(block.count)
    }

    /// Takes `capture` as the leg's stream; `owned`: stopped when the call ends.
    func attach(_ capture: PulseCapture, owned: Bool) {
        if let recorder, recorder !== capture { earlierHoleBytes += max(0, recorder.statistics.holeBytes - holeBaseline) }
        recorder = capture
        ownsRecorder = owned
        holeBaseline = owned ? 0 : capture.statistics.holeBytes
    }

    /// Capture delivers silence too while the server runs, so nothing is due between blocks;
    /// a leg without blocks for a while checks its stream and, once it is down, has it opened
    /// again (with backoff).
    func advance(now: Int64, emit: (Frame) -> Void) {
        guard let reopen, !reconnection.pending, now - (lastBlock ?? createdAt) > Self.quietBeforeCheck else { return }
        // No block for a while on a stream that still records is a stall, not a loss.
        guard reconnection.isLost || recorder?.isRecording == false else { return }
        if reconnection.attempt(now: now) { reopen() }
    }

    /// The outcome of `reopen`: the new stream, or nil to try again later. True when it resumed.
    @discardableResult
    func reopened(_ capture: PulseCapture?, now: Int64) -> Bool {
        guard let capture else {
            reconnection.failed(now: now)
            return false
        }
        recorder?.stop()
        reconnection.succeeded()
        restarted(on: capture, owned: true, now: now)
        return true
    }

    /// The leg's stream was opened again after a loss (by the leg, or by the automatic line
    /// that owns it): the next block starts the new stream, placed by its arrival, the time in
    /// between a gap.
    func restarted(on capture: PulseCapture, owned: Bool, now: Int64) {
        attach(capture, owned: owned)
        realign = true
        // A new stream may take a moment to deliver: it counts as input from now.
        lastBlock = now
    }

    /// The call ended: the last partial frame, and the stream stopped and let go (with the
    /// reopening closure: both hold the call, which must not outlive its end).
    func finish(emit: (Frame) -> Void) {
        reframer?.flush(emit: emit)
        lastCounters = recorder?.statistics
        if ownsRecorder { recorder?.stop() }
        recorder = nil
        reopen = nil
        reconnection.reset()
    }
}

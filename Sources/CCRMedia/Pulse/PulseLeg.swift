import CCRCore

/// A leg fed by PulseAudio capture (`PulseCapture`): blocks of 16 kHz samples in, 20 ms frames
/// out. Media time is the sample count from the leg's first block, placed on the call's
/// timeline by that block's arrival (like an RTP leg's first packet), never by wall clock after.
/// Confined to the call's event loop.
final class PulseLeg: LegSource {
    let leg: Leg
    /// The PulseAudio source it records, and its server, for the API and logs.
    let source: String
    let server: String
    private(set) var lastActivity: Int64?
    private var reframer: Reframer?
    private(set) var samples: Int64 = 0
    private var scratch: [Float] = []
    /// The record stream, once open (its overrun and hole counters, and whether it records).
    var recorder: PulseCapture?

    var senderEnded: Bool { false }
    /// Capture crosses no packet network.
    var transport: TransportCounters? { nil }
    var statistics: LegStatistics? { nil }

    var capture: CaptureStatistics? {
        var capture = CaptureStatistics(server: server, source: source)
        capture.capturedSeconds = Double(samples) / Double(Frame.sampleRate)
        if let recorder {
            let counters = recorder.statistics
            capture.overruns = counters.overruns
            capture.holeSeconds = Double(counters.holeBytes / 2) / Double(Frame.sampleRate)
            capture.recording = recorder.isRecording
        }
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
        lastActivity = arrival
        if reframer == nil { reframer = Reframer(leg: leg, start: origin) }
        scratch.removeAll(keepingCapacity: true)
        scratch.reserveCapacity(block.count)
        for sample in block { scratch.append(Float(sample) / 32_768) }
        reframer?.append(scratch[...], concealed: false, emit: emit)
        samples += Int64(block.count)
    }

    /// Capture delivers silence too while the server runs: nothing is due between blocks.
    func advance(now: Int64, emit: (Frame) -> Void) {}

    func finish(emit: (Frame) -> Void) {
        reframer?.flush(emit: emit)
    }
}

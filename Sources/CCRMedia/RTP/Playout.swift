import CCRCore
import NIOCore

/// The last stage of an RTP leg: turns the jitter buffer's slots into 20 ms frames on the
/// call's media timeline — decoding, concealing lost packets, filling gaps with silence,
/// placing each packet by its timestamp, and keeping the leg from running ahead of the clock.
///
/// One stream (SSRC) at a time: `restart` starts the next one where the leg is.
struct Playout {
    /// What a buffered packet holds, with its arrival (monotonic nanoseconds).
    enum Payload {
        case audio(ByteBuffer, arrival: Int64)
        /// RFC 3389 comfort noise: the sender is in silence; it shares the audio's sequence numbers.
        case comfortNoise(arrival: Int64)

        var arrival: Int64 {
            switch self {
            case .audio(_, let arrival), .comfortNoise(let arrival): arrival
            }
        }
    }

    /// Media samples in a packet before the first one says otherwise (20 ms).
    static let defaultPacketSamples = Frame.sampleCount

    let leg: Leg
    let codec: Codec
    /// Most silence one packet may add for a gap in timestamps; a longer gap is a discontinuity.
    let maxSilenceFillSamples: Int64
    /// How far the leg may run ahead of the clock before it resynchronizes or drops audio.
    let resyncThresholdSamples: Int64

    private var decoder: any AudioDecoder
    private var reframer: Reframer?
    /// Arrival of the stream's first packet, which sits at `originPosition`: with it, a
    /// packet's arrival tells where on the media timeline "now" was when it came.
    private var streamArrival: Int64?
    private var originPosition: Int64 = 0
    /// Timestamp (as the buffer unwraps it) and media position of the last packet played.
    private var lastPlayed: (timestamp: Int64, position: Int64)?
    /// Media position where the next lost slot's concealment belongs.
    private var expectedPosition: Int64 = 0
    private var scratch: [Float] = []

    /// Samples in the last decoded packet.
    private(set) var packetSamples = Playout.defaultPacketSamples
    /// Audio produced, concealment included, in samples.
    private(set) var decodedSamples: Int64 = 0
    /// Part of `decodedSamples` that was concealment or silence filling a gap.
    private(set) var concealedSamples: Int64 = 0
    /// Silence added while the sender sent nothing at all.
    private(set) var quietFillSamples: Int64 = 0
    private(set) var decodeErrors = 0
    private(set) var timestampJumps = 0
    private(set) var aheadOfTime = 0

    init(leg: Leg, codec: Codec, maxSilenceFillSamples: Int64, resyncThresholdSamples: Int64) throws(OpusDecoder.CreationError) {
        self.leg = leg
        self.codec = codec
        self.maxSilenceFillSamples = maxSilenceFillSamples
        self.resyncThresholdSamples = resyncThresholdSamples
        self.decoder = try Self.makeDecoder(codec)
        scratch.reserveCapacity(OpusDecoder.maxSamples * 2)
    }

    private static func makeDecoder(_ codec: Codec) throws(OpusDecoder.CreationError) -> any AudioDecoder {
        codec == .opus ? try OpusDecoder() : G711Decoder(codec: codec)
    }

    /// Media time (16 kHz samples) up to which audio has been produced; nil before any stream.
    var position: Int64? { reframer?.position }

    /// Where the current stream's first packet was placed (16 kHz samples).
    var streamOrigin: Int64 { originPosition }

    /// Starts a stream's timeline at `origin` (or where the leg is, if later), with a fresh
    /// decoder when an earlier stream used the old one.
    mutating func restart(origin: Int64, emit: (Frame) -> Void) {
        if reframer != nil, let decoder = try? Self.makeDecoder(codec) { self.decoder = decoder }
        streamArrival = nil
        var start = origin - origin % Int64(Frame.sampleCount)
        if var reframer {
            start = max(start, reframer.position)
            reframer.jump(to: start, emit: emit)
            start = reframer.position
            self.reframer = reframer
        } else {
            reframer = Reframer(leg: leg, start: start)
        }
        originPosition = start
        expectedPosition = start
        lastPlayed = nil
    }

    /// Takes the arrival of a packet of the stream: the first one fixes the stream's clock.
    mutating func noteArrival(_ arrival: Int64) {
        if streamArrival == nil { streamArrival = arrival }
    }

    /// Where `arrival` (monotonic nanoseconds) falls on the leg's media timeline, by our clock:
    /// the stream's first packet sits at `originPosition`.
    func clockPosition(at arrival: Int64) -> Int64? {
        guard let streamArrival else { return nil }
        return originPosition + (arrival - streamArrival) / MediaClock.nanosecondsPerSample
    }

    /// Completes the last partial frame: the leg is over.
    mutating func finish(emit: (Frame) -> Void) {
        reframer?.flush(emit: emit)
    }

    // MARK: Silence while the line is quiet

    /// Continues a leg that went quiet on the wire with silence, up to `margin` nanoseconds short
    /// of the time elapsed since the last packet (`lastArrival`), counted from where that
    /// packet's audio ended: measured on the leg's own timeline, so a sender clock that drifts
    /// against ours cannot push the fill past where its next packet belongs.
    mutating func fillSilence(now: Int64, lastArrival: Int64, margin: Int64, emit: (Frame) -> Void) {
        guard now - lastArrival > margin else { return }
        var target = expectedPosition + (now - lastArrival - margin) / MediaClock.nanosecondsPerSample
        // Never past the clock: lost slots that pushed `expectedPosition` ahead do not count.
        if let clock = clockPosition(at: now) { target = min(target, clock) }
        fillSilence(upTo: target, emit: emit)
    }

    /// Silence up to media position `target`, counted as quiet fill (not audio of the stream).
    mutating func fillSilence(upTo target: Int64, emit: (Frame) -> Void) {
        guard var reframer, target > reframer.position else { return }
        let samples = target - reframer.position
        let decoded = decodedSamples
        let concealed = concealedSamples
        appendSilence(Int(samples), reframer: &reframer, emit: emit)
        self.reframer = reframer
        decodedSamples = decoded
        concealedSamples = concealed
        quietFillSamples += samples
    }

    // MARK: Playing slots

    /// Plays one slot of the jitter buffer. `lastArrival` is the leg's latest packet arrival.
    mutating func play(_ slot: JitterBuffer<Payload>.Slot, lastArrival: Int64?, emit: (Frame) -> Void) {
        guard var reframer else { return }
        defer { self.reframer = reframer }
        scratch.removeAll(keepingCapacity: true)
        switch slot {
        case .packet(_, let timestamp, let payload):
            // Where "now" was on the media timeline when the packet came.
            let now = clockPosition(at: payload.arrival) ?? reframer.position
            // A sender faster than real time (a flood of packets) would push the leg ever further
            // ahead of the clock: past the threshold its audio is dropped, not analysed, and the
            // next packet is placed from the last one played.
            if reframer.position > now + resyncThresholdSamples {
                aheadOfTime += 1
                expectedPosition = max(expectedPosition, reframer.position)
                return
            }
            let target = placement(of: timestamp, reframer: reframer, now: now)
            lastPlayed = (timestamp, target)
            let gap = target - reframer.position
            if gap > maxSilenceFillSamples {
                reframer.jump(to: target, emit: emit)
            } else if gap > 0 {
                appendSilence(Int(gap), reframer: &reframer, emit: emit)
            }
            guard case .audio(let payload, _) = payload else {
                // Comfort noise or an event: the gap up to here is silence (filled above).
                expectedPosition = max(expectedPosition, reframer.position)
                return
            }
            let produced: Int
            var concealed = false
            do {
                produced = try decoder.decode(payload, into: &scratch)
                packetSamples = produced
            } catch {
                decodeErrors += 1
                produced = decoder.conceal(samples: packetSamples, following: nil, into: &scratch)
                concealed = true
            }
            // Drop whatever overlaps audio already produced (concealment that ran long).
            let overlap = Int(min(max(reframer.position - target, 0), Int64(produced)))
            let usable = scratch[overlap..<produced]
            decodedSamples += Int64(usable.count)
            if concealed { concealedSamples += Int64(usable.count) }
            reframer.append(usable, concealed: concealed, emit: emit)
            expectedPosition = target + Int64(produced)
        case .lost(_, let following):
            // The slot's audio belongs at `expectedPosition`; if silence was filled past it
            // while the line was quiet, that time is already covered.
            let slotEnd = expectedPosition + Int64(packetSamples)
            // A gap in sequence numbers is concealed (and moves the leg on) only while the leg is
            // not ahead of the clock: a sender skipping 200 numbers per packet must not make 4 s
            // of audio, or of silence fill later, each time.
            if let lastArrival, let clock = clockPosition(at: lastArrival), slotEnd > clock + resyncThresholdSamples {
                return
            }
            expectedPosition = slotEnd
            guard reframer.position < slotEnd else { return }
            var next: ByteBuffer?
            if case .audio(let payload, _)? = following { next = payload }
            let produced = decoder.conceal(samples: packetSamples, following: next, into: &scratch)
            decodedSamples += Int64(produced)
            concealedSamples += Int64(produced)
            reframer.append(scratch[0..<produced], concealed: true, emit: emit)
        }
    }

    /// Where a packet's audio goes on the media timeline: after the previous packet by the
    /// timestamp difference. A jump forward beyond the silence-fill limit, or backwards by more
    /// than a packet (a sender that re-based its clock without a new SSRC), is a discontinuity:
    /// the audio continues where the leg is, rather than far away or over what was played.
    ///
    /// Audio placed beyond both where the leg is and where the clock is (`now`) by more than the
    /// resync threshold would be media we synthesize for a sender whose timestamps leap ahead of
    /// time (a re-based clock, or an attempt to make us analyse hours of silence): the leg
    /// resynchronizes instead (`timestampJumps`), continuing at the later of the two.
    private mutating func placement(of timestamp: Int64, reframer: Reframer, now: Int64) -> Int64 {
        guard let last = lastPlayed else { return originPosition }
        let ticks = timestamp - last.timestamp
        let rate = Int64(codec.clockRate)
        guard ticks >= -2 * Int64(packetSamples) * rate / Int64(Frame.sampleRate) else {
            return reframer.position
        }
        // Bounded before multiplying: an unwrapped timestamp can be ~2³² ticks away.
        let limit = (max(reframer.position, now) + resyncThresholdSamples - last.position) * rate / Int64(Frame.sampleRate)
        guard ticks <= limit else {
            timestampJumps += 1
            return max(reframer.position, now)
        }
        return last.position + ticks * Int64(Frame.sampleRate) / rate
    }

    /// Silence for a gap in timestamps (silence suppression, DTX), in bounded chunks so a long
    /// gap never grows the scratch buffer beyond one maximal packet.
    private mutating func appendSilence(_ samples: Int, reframer: inout Reframer, emit: (Frame) -> Void) {
        var remaining = samples
        while remaining > 0 {
            let chunk = min(remaining, OpusDecoder.maxSamples)
            scratch.removeAll(keepingCapacity: true)
            decoder.silence(samples: chunk, into: &scratch)
            concealedSamples += Int64(scratch.count)
            decodedSamples += Int64(scratch.count)
            reframer.append(scratch[...], concealed: true, emit: emit)
            remaining -= chunk
        }
        scratch.removeAll(keepingCapacity: true)
    }
}

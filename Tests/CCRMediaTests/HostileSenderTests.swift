import CCRCore
import NIOCore
import Testing

@testable import CCRMedia

/// Senders that try to make a leg synthesize media, or to take it over.
@Suite("RTP leg against hostile senders")
struct HostileSenderTests {
    let gateway = try! SocketAddress(ipAddress: "127.0.0.1", port: 5004)
    let intruder = try! SocketAddress(ipAddress: "127.0.0.1", port: 6666)

    func packet(_ sequence: UInt16, _ timestamp: UInt32, ssrc: UInt32 = 9) -> ByteBuffer {
        var buffer = ByteBuffer()
        RTPPacket(
            payloadType: 0, sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc,
            payload: ByteBuffer(bytes: [UInt8](repeating: 0x30, count: 160))
        ).write(to: &buffer)
        return buffer
    }

    func receiver(learning: Int = 1, source: String? = nil) throws -> RTPLeg {
        try RTPLeg(
            leg: .agent,
            settings: .init(
                codec: .pcmu, payloadTypes: [0], jitterBufferMilliseconds: 60, allowedSource: source,
                maxSilenceFillSamples: 16_000, learningPackets: learning, resyncThresholdSamples: 16_000))
    }

    /// The finding: 400 packets (69 KB), each 15 s of timestamps ahead of the last, made ~6,000 s
    /// of media. Now the leg produces no more than the time that passed (8 s) plus the threshold.
    @Test func timestampLeapsDoNotSynthesizeMedia() throws {
        let leg = try receiver()
        var samples: Int64 = 0
        var timestamp: UInt32 = 0
        for n in 0..<400 {
            _ = leg.receive(packet(UInt16(n), timestamp), from: gateway, arrival: Int64(n) * 20_000_000, origin: 0) {
                samples += Int64($0.samples.count)
            }
            timestamp &+= 15 * 8000
        }
        leg.finish { samples += Int64($0.samples.count) }
        let seconds = Double(samples) / Double(Frame.sampleRate)
        #expect(seconds <= 8.0 + 1.0 + 0.1, "media made: \(seconds) s")
        #expect(leg.figures.timestampJumps >= 390)
    }

    /// Small leaps (0.9 s each, under the per-packet limit) add up: still bounded by elapsed time.
    @Test func smallLeapsAddUpToNoMoreThanElapsedTime() throws {
        let leg = try receiver()
        var samples: Int64 = 0
        var timestamp: UInt32 = 0
        for n in 0..<500 {
            _ = leg.receive(packet(UInt16(n), timestamp), from: gateway, arrival: Int64(n) * 20_000_000, origin: 0) {
                samples += Int64($0.samples.count)
            }
            timestamp &+= 7200
        }
        leg.finish { samples += Int64($0.samples.count) }
        let seconds = Double(samples) / Double(Frame.sampleRate)
        #expect(seconds <= 10.0 + 1.0 + 0.1, "media made: \(seconds) s")
        #expect(leg.figures.timestampJumps > 0)
    }

    /// Sequence numbers that skip 200 per packet would each be concealed as 4 s of lost audio.
    @Test func sequenceGapsDoNotSynthesizeMedia() throws {
        let leg = try receiver()
        var samples: Int64 = 0
        for n in 0..<400 {
            let sequence = UInt16(truncatingIfNeeded: n * 200)
            _ = leg.receive(packet(sequence, UInt32(truncatingIfNeeded: n * 160)), from: gateway, arrival: Int64(n) * 20_000_000, origin: 0) {
                samples += Int64($0.samples.count)
            }
        }
        leg.finish { samples += Int64($0.samples.count) }
        let seconds = Double(samples) / Double(Frame.sampleRate)
        #expect(seconds <= 8.0 + 1.0 + 0.1, "media made: \(seconds) s")
    }

    /// A flood faster than real time (400 packets of 20 ms in 40 ms) is not analysed beyond the
    /// threshold ahead of the clock.
    @Test func aFloodDoesNotRunAheadOfTheClock() throws {
        let leg = try receiver()
        var samples: Int64 = 0
        for n in 0..<400 {
            _ = leg.receive(packet(UInt16(n), UInt32(n * 160)), from: gateway, arrival: Int64(n) * 100_000, origin: 0) {
                samples += Int64($0.samples.count)
            }
        }
        leg.finish { samples += Int64($0.samples.count) }
        let seconds = Double(samples) / Double(Frame.sampleRate)
        #expect(seconds <= 0.04 + 1.0 + 0.1, "media made: \(seconds) s")
        #expect(leg.figures.aheadOfTime > 300)
        #expect(leg.figures.packets == 400)
    }

    /// Silence suppression without comfort noise (3 s pauses, the quiet fill running meanwhile)
    /// keeps the leg on the clock: no resync, no drift after ten pauses.
    @Test func silenceSuppressionStaysOnTheClock() throws {
        let leg = try receiver()
        var frames: [Frame] = []
        var sequence: UInt16 = 0
        var mediaTime: Int64 = 0  // 8 kHz ticks since the start, the sender's clock = ours
        var now: Int64 = 0
        for _ in 0..<10 {
            for _ in 0..<50 {  // 1 s of speech
                _ = leg.receive(packet(sequence, UInt32(mediaTime)), from: gateway, arrival: now, origin: 0) { frames.append($0) }
                sequence &+= 1
                mediaTime += 160
                now += 20_000_000
            }
            for _ in 0..<30 {  // 3 s of nothing on the wire; the call's ticker fills
                now += 100_000_000
                leg.flush { frames.append($0) }
                leg.fillSilence(now: now, margin: 300_000_000) { frames.append($0) }
            }
            mediaTime += 3 * 8000
        }
        _ = leg.receive(packet(sequence, UInt32(mediaTime)), from: gateway, arrival: now, origin: 0) { frames.append($0) }
        leg.finish { frames.append($0) }
        #expect(leg.figures.timestampJumps == 0)
        // The last packet's audio sits where its time says (40 s), within a frame.
        let last = try #require(frames.last)
        #expect(abs(last.start - 40 * 16_000) <= 320, "last frame at \(last.start)")
    }

    /// Sequence gaps (lost slots) followed by comfort noise must not push the quiet fill ahead
    /// of the clock.
    @Test func lostSlotsDoNotPushTheFillAheadOfTheClock() throws {
        let leg = try RTPLeg(
            leg: .agent,
            settings: .init(
                codec: .pcmu, payloadTypes: [0], jitterBufferMilliseconds: 0, maxSilenceFillSamples: 16_000,
                learningPackets: 1, resyncThresholdSamples: 16_000))
        var samples: Int64 = 0
        var sequence: UInt16 = 0
        var timestamp: UInt32 = 0
        var now: Int64 = 0
        for _ in 0..<50 {
            _ = leg.receive(packet(sequence, timestamp), from: gateway, arrival: now, origin: 0) { samples += Int64($0.samples.count) }
            var cn = ByteBuffer()
            RTPPacket(payloadType: 13, sequenceNumber: sequence &+ 200, timestamp: timestamp &+ 320, ssrc: 9, payload: ByteBuffer(bytes: [40]))
                .write(to: &cn)
            _ = leg.receive(cn, from: gateway, arrival: now, origin: 0) { samples += Int64($0.samples.count) }
            sequence &+= 201
            timestamp &+= 480
            now += 400_000_000
            leg.flush { samples += Int64($0.samples.count) }
            leg.fillSilence(now: now, margin: 300_000_000) { samples += Int64($0.samples.count) }
        }
        leg.finish { samples += Int64($0.samples.count) }
        let seconds = Double(samples) / Double(Frame.sampleRate)
        #expect(seconds <= 20.0 + 1.0 + 0.1, "media made: \(seconds) s in 20 s")
    }

    /// An honest sender whose clock runs 0.05 % fast is never resynchronized.
    @Test func anHonestSenderIsNotResynchronized() throws {
        let leg = try receiver()
        var frames = 0
        for n in 0..<3000 {
            let arrival = Int64(Double(n) * 20_000_000 / 1.0005)
            _ = leg.receive(packet(UInt16(truncatingIfNeeded: n), UInt32(n * 160)), from: gateway, arrival: arrival, origin: 0) { _ in frames += 1 }
        }
        leg.finish { _ in frames += 1 }
        #expect(leg.figures.timestampJumps == 0)
        #expect(frames == 3000)
    }

    /// One stray packet no longer latches the leg: the gateway's run of packets in sequence does,
    /// and every packet of that run is used.
    @Test func aStrayPacketDoesNotTakeTheLegOver() throws {
        let leg = try receiver(learning: 3)
        var frames = 0
        #expect(leg.receive(packet(500, 0, ssrc: 66), from: intruder, arrival: 0, origin: 0) { _ in frames += 1 } == .held)
        for n in 0..<50 {
            let outcome = leg.receive(packet(UInt16(n), UInt32(n * 160)), from: gateway, arrival: Int64(n) * 20_000_000, origin: 0) {
                _ in frames += 1
            }
            #expect(outcome == (n < 2 ? .held : .rtp))
        }
        // The intruder keeps trying once the gateway is latched: dropped and counted.
        for n in 0..<10 {
            #expect(leg.receive(packet(UInt16(501 + n), 0, ssrc: 66), from: intruder, arrival: 1_000_000_000, origin: 0) { _ in } == .dropped)
        }
        leg.finish { _ in frames += 1 }
        let statistics = leg.figures
        #expect(statistics.source == "127.0.0.1:5004")
        #expect(statistics.ssrc == 9)
        #expect(statistics.packets == 50)
        #expect(statistics.foreignSource == 11)
        #expect(frames == 50)
    }

    /// Interleaved packets from two addresses latch neither until one sends a clean run.
    @Test func interleavedSendersDoNotLatch() throws {
        let leg = try receiver(learning: 3)
        for n in 0..<10 {
            let from = n % 2 == 0 ? gateway : intruder
            #expect(leg.receive(packet(UInt16(n), UInt32(n * 160)), from: from, arrival: 0, origin: 0) { _ in } == .held)
        }
        #expect(leg.figures.source == nil)
    }

    /// With the gateway's address known from signalling (`source`), its first packet latches.
    @Test func aKnownSourceLatchesAtOnce() throws {
        let leg = try receiver(learning: 3, source: "127.0.0.1")
        #expect(leg.receive(packet(0, 0), from: gateway, arrival: 0, origin: 0) { _ in } == .rtp)
        #expect(leg.figures.source == "127.0.0.1:5004")
    }
}

@Suite("Port pool")
struct PortPoolTests {
    @Test func portsComeInRandomOrderAndAreNotReusedAtOnce() {
        var pool = PortPool(range: 40_000...40_199)
        #expect(pool.capacity == 100)
        var ports: [Int] = []
        for _ in 0..<10 { ports.append(pool.reserve()!) }
        #expect(ports.allSatisfy { $0 % 2 == 0 && (40_000...40_198).contains($0) })
        #expect(Set(ports).count == 10)
        // In sequence they would be 40000, 40002, …: random order is (almost surely) not sorted.
        #expect(ports != ports.sorted())
        let released = ports[0]
        pool.release(released)
        for _ in 0..<50 { #expect(pool.reserve() != released) }
    }

    @Test func aFullPoolSaysSoAndAReleasedPairComesBackWhenNothingElseIsFree() {
        var pool = PortPool(range: 40_000...40_007)
        let all = (0..<4).compactMap { _ in pool.reserve() }
        #expect(Set(all) == [40_000, 40_002, 40_004, 40_006])
        #expect(pool.reserve() == nil)
        pool.release(40_004)
        #expect(pool.reserve() == 40_004)
    }
}

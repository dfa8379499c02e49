import CCRCore
import Foundation
import NIOCore
import Testing

@testable import CCRMedia

@Suite("RTP leg")
struct RTPLegTests {
    let sender = try! SocketAddress(ipAddress: "127.0.0.1", port: 5004)
    let stranger = try! SocketAddress(ipAddress: "127.0.0.1", port: 6000)

    /// A 20 ms PCMU packet of a 1 kHz tone.
    func pcmu(_ n: Int, ssrc: UInt32 = 7, sequenceBase: UInt16 = 65500, payloadType: UInt8 = 0) -> ByteBuffer {
        let bytes = (0..<160).map { index -> UInt8 in
            let value = 0.5 * sin(2 * Double.pi * 1000 * Double(n * 160 + index) / 8000)
            let target = Int(value * 32767)
            return UInt8(G711.muLawTable.indices.min { abs(Int(G711.muLawTable[$0]) - target) < abs(Int(G711.muLawTable[$1]) - target) }!)
        }
        let packet = RTPPacket(
            payloadType: payloadType, sequenceNumber: sequenceBase &+ UInt16(n), timestamp: UInt32.max - 800 &+ UInt32(n * 160),
            ssrc: ssrc, payload: ByteBuffer(bytes: bytes))
        var buffer = ByteBuffer()
        packet.write(to: &buffer)
        return buffer
    }

    func makeReceiver(source: String? = nil) throws -> RTPLeg {
        try RTPLeg(
            leg: .agent, settings: .init(codec: .pcmu, payloadTypes: [0], jitterBufferMilliseconds: 60, allowedSource: source))
    }

    @Test func countsLossReorderDuplicatesAndLateAcrossWrap() throws {
        let receiver = try makeReceiver()
        var frames: [Frame] = []
        // 100 packets; 10 dropped; 20/21 swapped; 40 twice; 70 sent after 75 (late).
        var order = Array(0..<100).filter { $0 != 10 && $0 != 70 }
        order.swapAt(order.firstIndex(of: 20)!, order.firstIndex(of: 21)!)
        order.insert(40, at: order.firstIndex(of: 40)! + 1)
        order.insert(70, at: order.firstIndex(of: 75)! + 1)
        var arrival: Int64 = 0
        for n in order {
            arrival += 20_000_000
            _ = receiver.receive(pcmu(n), from: sender, arrival: arrival, origin: 0) { frames.append($0) }
        }
        receiver.finish { frames.append($0) }
        let statistics = receiver.figures
        #expect(statistics.packets == 100)
        #expect(statistics.lost == 2)
        #expect(statistics.late == 1)
        #expect(statistics.duplicates == 1)
        #expect(statistics.reordered == 1)
        #expect(abs(statistics.decodedSeconds - 2.0) < 0.001)
        #expect(abs(statistics.concealedSeconds - 0.04) < 0.001)
        #expect(frames.count == 100)
        #expect(frames.map(\.start) == (0..<100).map { Int64($0) * 320 })
        #expect(statistics.mos != nil)
    }

    @Test func rejectsForeignAndMalformedAndUnknownTypes() throws {
        let receiver = try makeReceiver()
        var frames = 0
        #expect(receiver.receive(pcmu(0), from: sender, arrival: 1, origin: 0) { _ in frames += 1 } == .rtp)
        #expect(receiver.receive(pcmu(1), from: stranger, arrival: 2, origin: 0) { _ in frames += 1 } == .dropped)
        #expect(receiver.receive(ByteBuffer(bytes: [1, 2, 3]), from: sender, arrival: 3, origin: 0) { _ in } == .dropped)
        #expect(receiver.receive(pcmu(1, payloadType: 8), from: sender, arrival: 4, origin: 0) { _ in } == .dropped)
        let statistics = receiver.figures
        #expect(statistics.packets == 1)
        #expect(statistics.foreignSource == 1)
        #expect(statistics.malformed == 1)
        #expect(statistics.unknownPayloadType == 1)
        #expect(statistics.source == "127.0.0.1:5004")
    }

    @Test func allowListRejectsOtherAddresses() throws {
        let receiver = try makeReceiver(source: "10.9.9.9")
        #expect(receiver.receive(pcmu(0), from: sender, arrival: 1, origin: 0) { _ in } == .dropped)
        #expect(receiver.figures.foreignSource == 1)
        #expect(receiver.figures.packets == 0)
    }

    @Test func newSSRCRestartsTheStreamOnTheSameTimeline() throws {
        let receiver = try makeReceiver()
        var frames: [Frame] = []
        for n in 0..<10 { _ = receiver.receive(pcmu(n), from: sender, arrival: 0, origin: 0) { frames.append($0) } }
        for n in 0..<10 {
            _ = receiver.receive(pcmu(n, ssrc: 99, sequenceBase: 3), from: sender, arrival: 0, origin: 6400) { frames.append($0) }
        }
        receiver.finish { frames.append($0) }
        let statistics = receiver.figures
        #expect(statistics.ssrcChanges == 1)
        #expect(statistics.ssrc == 99)
        #expect(statistics.lost == 0)
        // The second stream starts at its origin (6400 samples); the gap between is skipped.
        #expect(frames.first { $0.start >= 6400 }?.start == 6400)
        #expect(frames.count == 20)
    }

    @Test func byeIsRecognised() throws {
        let receiver = try makeReceiver()
        _ = receiver.receive(pcmu(0), from: sender, arrival: 0, origin: 0) { _ in }
        let bye = ByteBuffer(bytes: [0x81, 203, 0x00, 0x01, 0, 0, 0, 7])
        let rtcpFrom = try SocketAddress(ipAddress: "127.0.0.1", port: 5005)
        #expect(receiver.receive(bye, from: rtcpFrom, arrival: 1, origin: 0) { _ in } == .rtcp(bye: true))
        #expect(receiver.figures.bye)
    }
}

@Suite("RTP leg with Opus")
struct OpusRTPLegTests {
    let sender = try! SocketAddress(ipAddress: "127.0.0.1", port: 5004)

    func rtp(_ payload: ByteBuffer, _ n: Int, timestampStep: UInt32 = 960) -> ByteBuffer {
        var buffer = ByteBuffer()
        RTPPacket(payloadType: 111, sequenceNumber: UInt16(n), timestamp: UInt32(n) * timestampStep, ssrc: 1, payload: payload)
            .write(to: &buffer)
        return buffer
    }

    @Test func decoderErrorsAreCountedAndConcealed() throws {
        let receiver = try RTPLeg(
            leg: .agent, settings: .init(codec: .opus, payloadTypes: [111], jitterBufferMilliseconds: 60))
        var encoder = OpusToneEncoder()
        defer { encoder.destroy() }
        var frames: [Frame] = []
        for n in 0..<20 {
            let payload = n == 7 ? ByteBuffer(bytes: [0xFF, 0xFF, 0xFF]) : encoder.packet()
            _ = receiver.receive(rtp(payload, n), from: sender, arrival: 0, origin: 0) { frames.append($0) }
        }
        receiver.finish { frames.append($0) }
        let statistics = receiver.figures
        #expect(statistics.decodeErrors == 1)
        #expect(statistics.lost == 0)
        #expect(frames.count == 20)
        #expect(frames.filter(\.isConcealed).count == 1)
    }

    @Test func timestampGapsAreFilledWithSilenceInBoundedChunks() throws {
        let receiver = try RTPLeg(
            leg: .agent,
            settings: .init(codec: .opus, payloadTypes: [111], jitterBufferMilliseconds: 60, maxSilenceFillSamples: 6 * 16_000))
        var encoder = OpusToneEncoder()
        defer { encoder.destroy() }
        var frames: [Frame] = []
        // Ten packets, then the sender stops for 5 s (DTX: timestamps jump, sequence does not).
        for n in 0..<10 {
            _ = receiver.receive(rtp(encoder.packet(), n), from: sender, arrival: Int64(n) * 20_000_000, origin: 0) { frames.append($0) }
        }
        var buffer = ByteBuffer()
        RTPPacket(payloadType: 111, sequenceNumber: 10, timestamp: 10 * 960 + 5 * 48_000, ssrc: 1, payload: encoder.packet())
            .write(to: &buffer)
        // It comes 5 s later, as the timestamps say.
        _ = receiver.receive(buffer, from: sender, arrival: 5_200_000_000, origin: 0) { frames.append($0) }
        receiver.finish { frames.append($0) }
        #expect(frames.count == 11 + 250)
        #expect(abs(receiver.figures.decodedSeconds - 5.22) < 0.001)
        #expect(receiver.figures.lost == 0)
        #expect(frames.map(\.start) == (0..<261).map { Int64($0) * 320 })
    }
}

@Suite("RTP leg silence handling")
struct RTPLegSilenceTests {
    let sender = try! SocketAddress(ipAddress: "127.0.0.1", port: 5004)

    func packet(_ sequence: UInt16, _ timestamp: UInt32, type: UInt8, payload: [UInt8]) -> ByteBuffer {
        var buffer = ByteBuffer()
        RTPPacket(payloadType: type, sequenceNumber: sequence, timestamp: timestamp, ssrc: 5, payload: ByteBuffer(bytes: payload))
            .write(to: &buffer)
        return buffer
    }

    @Test func comfortNoiseIsSilenceNotLoss() throws {
        let receiver = try RTPLeg(
            leg: .customer, settings: .init(codec: .pcmu, payloadTypes: [0], jitterBufferMilliseconds: 60))
        var frames: [Frame] = []
        let speech = [UInt8](repeating: 0x20, count: 160)
        for n in 0..<5 {
            _ = receiver.receive(packet(UInt16(n), UInt32(n * 160), type: 0, payload: speech), from: sender, arrival: Int64(n) * 20_000_000, origin: 0) {
                frames.append($0)
            }
        }
        // Comfort noise at 100 ms, then nothing until speech resumes at 1 s (sequence 6).
        _ = receiver.receive(packet(5, 800, type: 13, payload: [40]), from: sender, arrival: 100_000_000, origin: 0) { frames.append($0) }
        for n in 0..<5 {
            let arrival = 1_000_000_000 + Int64(n) * 20_000_000
            _ = receiver.receive(packet(UInt16(6 + n), UInt32(8000 + n * 160), type: 0, payload: speech), from: sender, arrival: arrival, origin: 0) {
                frames.append($0)
            }
        }
        receiver.finish { frames.append($0) }
        let statistics = receiver.figures
        #expect(statistics.comfortNoisePackets == 1)
        #expect(statistics.unknownPayloadType == 0)
        #expect(statistics.lost == 0)
        #expect(abs(statistics.decodedSeconds - 1.1) < 0.001)
        #expect(frames.count == 55)
        #expect(frames[10].isConcealed && !frames[52].isConcealed)
    }

    @Test func quietLegIsContinuedWithSilenceAndLateAudioTrimmed() throws {
        let receiver = try RTPLeg(
            leg: .agent, settings: .init(codec: .pcmu, payloadTypes: [0], jitterBufferMilliseconds: 60))
        var frames: [Frame] = []
        let speech = [UInt8](repeating: 0x20, count: 160)
        for n in 0..<5 { _ = receiver.receive(packet(UInt16(n), UInt32(n * 160), type: 0, payload: speech), from: sender, arrival: 0, origin: 0) { frames.append($0) } }
        receiver.flush { frames.append($0) }
        receiver.fillSilence(upTo: 16_000) { frames.append($0) }
        #expect(frames.count == 50)
        // A packet for 0.9 s arrives after the fill: it overlaps and is trimmed, not replayed.
        _ = receiver.receive(packet(5, 7200, type: 0, payload: speech), from: sender, arrival: 0, origin: 0) { frames.append($0) }
        #expect(frames.count == 50)
        #expect(receiver.position == 16_000)
    }

    @Test func quietFillIsMeasuredFromTheLastPacketNotTheCallStart() throws {
        let receiver = try RTPLeg(
            leg: .agent, settings: .init(codec: .pcmu, payloadTypes: [0], jitterBufferMilliseconds: 60))
        var frames = 0
        let speech = [UInt8](repeating: 0x20, count: 160)
        // Five packets, the last arriving at t = 10 s (the call may have started long before).
        for n in 0..<5 {
            _ = receiver.receive(packet(UInt16(n), UInt32(n * 160), type: 0, payload: speech), from: sender, arrival: 10_000_000_000, origin: 0) {
                _ in frames += 1
            }
        }
        receiver.flush { _ in frames += 1 }
        // Nothing within the margin; 1 s of silence once 1.3 s have passed with a 0.3 s margin.
        receiver.fillSilence(now: 10_200_000_000, margin: 300_000_000) { _ in frames += 1 }
        #expect(receiver.position == 1600)
        receiver.fillSilence(now: 11_300_000_000, margin: 300_000_000) { _ in frames += 1 }
        #expect(receiver.position == Int64(17_600))
        #expect(abs(receiver.figures.quietFillSeconds - 1.0) < 0.001)
        #expect(receiver.figures.decodedSeconds == 0.1)
    }
}

@Suite("RTP leg against hostile or odd senders")
struct RTPLegRobustnessTests {
    let sender = try! SocketAddress(ipAddress: "127.0.0.1", port: 5004)

    func packet(_ sequence: UInt16, _ timestamp: UInt32, type: UInt8 = 0, ssrc: UInt32 = 9) -> ByteBuffer {
        var buffer = ByteBuffer()
        RTPPacket(payloadType: type, sequenceNumber: sequence, timestamp: timestamp, ssrc: ssrc,
                  payload: ByteBuffer(bytes: [UInt8](repeating: 0x30, count: 160)))
            .write(to: &buffer)
        return buffer
    }

    func receiver() throws -> RTPLeg {
        try RTPLeg(leg: .agent, settings: .init(codec: .pcmu, payloadTypes: [0], jitterBufferMilliseconds: 60))
    }

    @Test func timestampJumpsOnTheSameSSRCContinueTheTimeline() throws {
        let leg = try receiver()
        var frames = 0
        var timestamp: UInt32 = 1000
        for n in 0..<200 {
            // Every 20 packets the sender re-bases its clock by about 2³¹, forward or back.
            if n % 20 == 19 { timestamp &+= n % 40 == 19 ? 0x7FFF_0000 : 0x8001_0000 }
            _ = leg.receive(packet(UInt16(n), timestamp, type: 0), from: sender, arrival: Int64(n) * 20_000_000, origin: 0) { _ in frames += 1 }
            timestamp &+= 160
        }
        leg.finish { _ in frames += 1 }
        #expect(frames == 200)
        #expect(abs(leg.figures.decodedSeconds - 4.0) < 0.001)
    }

    @Test func duplicatesWithWildTimestampsCannotOverflowAnything() throws {
        let leg = try receiver()
        var frames = 0
        _ = leg.receive(packet(0, 0), from: sender, arrival: 0, origin: 0) { _ in frames += 1 }
        for step in 1...300_000 {
            _ = leg.receive(packet(0, UInt32(truncatingIfNeeded: step) &* 0x7FFF_FFFF), from: sender, arrival: 0, origin: 0) { _ in frames += 1 }
        }
        _ = leg.receive(packet(1, 160), from: sender, arrival: 0, origin: 0) { _ in frames += 1 }
        leg.finish { _ in frames += 1 }
        #expect(leg.figures.duplicates == 300_000)
        #expect(frames == 2)
    }

    @Test func telephoneEventsAreNotLoss() throws {
        let leg = try receiver()
        var frames = 0
        for n in 0..<30 {
            // Packets 10–14 are DTMF (RFC 4733, payload type 101) on the same stream.
            _ = leg.receive(packet(UInt16(n), UInt32(n * 160), type: (10..<15).contains(n) ? 101 : 0), from: sender, arrival: 0, origin: 0) {
                _ in frames += 1
            }
        }
        leg.finish { _ in frames += 1 }
        let statistics = leg.figures
        #expect(statistics.eventPackets == 5)
        #expect(statistics.lost == 0)
        #expect(statistics.unknownPayloadType == 0)
        #expect(frames == 30)
    }

    @Test func byeBeforeAnyMediaIsIgnored() throws {
        let leg = try receiver()
        let bye = ByteBuffer(bytes: [0x81, 203, 0x00, 0x01, 0, 0, 0, 9])
        #expect(leg.receive(bye, from: sender, arrival: 0, origin: 0) { _ in } == .rtcp(bye: false))
        #expect(!leg.figures.bye)
    }
}

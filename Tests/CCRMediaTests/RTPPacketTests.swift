import NIOCore
import TestSupport
import Testing

@testable import CCRMedia

@Suite("RTP parsing")
struct RTPPacketTests {
    func datagram(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    let header: [UInt8] = [0x80, 0xE0, 0x12, 0x34, 0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04]

    @Test func parsesFixedHeader() throws {
        let packet = try RTPPacket(parsing: datagram(header + [1, 2, 3]))
        #expect(packet.marker)
        #expect(packet.payloadType == 96)
        #expect(packet.sequenceNumber == 0x1234)
        #expect(packet.timestamp == 0xDEAD_BEEF)
        #expect(packet.ssrc == 0x0102_0304)
        #expect(Array(packet.payload.readableBytesView) == [1, 2, 3])
    }

    @Test func roundTripsThroughWrite() throws {
        let original = RTPPacket(
            marker: false, payloadType: 0, sequenceNumber: 65535, timestamp: 4_294_967_000, ssrc: 42,
            payload: ByteBuffer(bytes: [9, 8, 7]))
        var buffer = ByteBuffer()
        original.write(to: &buffer)
        let parsed = try RTPPacket(parsing: buffer)
        #expect(parsed.sequenceNumber == 65535)
        #expect(parsed.timestamp == 4_294_967_000)
        #expect(parsed.ssrc == 42)
        #expect(!parsed.marker)
        #expect(Array(parsed.payload.readableBytesView) == [9, 8, 7])
    }

    @Test func rejectsTruncatedHeader() {
        #expect(throws: RTPParseError.truncatedHeader(length: 11)) {
            try RTPPacket(parsing: datagram(Array(header.prefix(11))))
        }
        #expect(throws: RTPParseError.truncatedHeader(length: 0)) { try RTPPacket(parsing: datagram([])) }
    }

    @Test func rejectsWrongVersion() {
        var bytes = header
        bytes[0] = 0x40
        #expect(throws: RTPParseError.unsupportedVersion(1)) { try RTPPacket(parsing: datagram(bytes)) }
    }

    @Test func skipsCSRCList() throws {
        var bytes = header
        bytes[0] = 0x82  // two CSRCs
        bytes += [0, 0, 0, 1, 0, 0, 0, 2, 0xAA]
        let packet = try RTPPacket(parsing: datagram(bytes))
        #expect(packet.csrcCount == 2)
        #expect(Array(packet.payload.readableBytesView) == [0xAA])
    }

    @Test func rejectsCSRCOverflow() {
        var bytes = header
        bytes[0] = 0x8F  // fifteen CSRCs, none present
        #expect(throws: RTPParseError.csrcListOverflow(count: 15, length: 12)) { try RTPPacket(parsing: datagram(bytes)) }
    }

    @Test func skipsHeaderExtension() throws {
        var bytes = header
        bytes[0] = 0x90
        bytes += [0xBE, 0xDE, 0x00, 0x01, 1, 2, 3, 4, 0x55, 0x66]
        let packet = try RTPPacket(parsing: datagram(bytes))
        #expect(packet.hasExtension)
        #expect(Array(packet.payload.readableBytesView) == [0x55, 0x66])
    }

    @Test func rejectsExtensionOverflow() {
        var bytes = header
        bytes[0] = 0x90
        bytes += [0xBE, 0xDE, 0x00, 0x05, 1, 2]
        #expect(throws: RTPParseError.extensionOverflow(declaredBytes: 24, available: 6)) {
            try RTPPacket(parsing: datagram(bytes))
        }
        var short = header
        short[0] = 0x90
        short += [0xBE]
        #expect(throws: RTPParseError.extensionOverflow(declaredBytes: 4, available: 1)) {
            try RTPPacket(parsing: datagram(short))
        }
    }

    @Test func removesPadding() throws {
        var bytes = header
        bytes[0] = 0xA0
        bytes += [7, 7, 0, 0, 3]
        let packet = try RTPPacket(parsing: datagram(bytes))
        #expect(packet.paddingLength == 3)
        #expect(Array(packet.payload.readableBytesView) == [7, 7])
    }

    @Test func rejectsPaddingOverflow() {
        var bytes = header
        bytes[0] = 0xA0
        bytes += [1, 200]
        #expect(throws: RTPParseError.invalidPadding(declared: 200, available: 2)) { try RTPPacket(parsing: datagram(bytes)) }
        var zero = header
        zero[0] = 0xA0
        zero += [1, 0]
        #expect(throws: RTPParseError.invalidPadding(declared: 0, available: 2)) { try RTPPacket(parsing: datagram(zero)) }
    }

    @Test func survivesEveryPrefixAndRandomBytes() {
        var generator = SeededGenerator.forTest()
        for _ in 0..<5000 {
            let length = Int.random(in: 0...64, using: &generator)
            var bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if length > 0, Bool.random(using: &generator) { bytes[0] = 0x80 | (bytes[0] & 0x3F) }
            if let packet = try? RTPPacket(parsing: datagram(bytes)) {
                #expect(packet.payload.readableBytes <= length - 12, "CCRD_TEST_SEED=\(generator.seed) replays this: \(bytes)")
            }
        }
    }

    @Test func readsRTCPBye() {
        // Sender report (empty) followed by a BYE for SSRC 0x01020304.
        let senderReport: [UInt8] = [0x80, 200, 0x00, 0x06] + Array(repeating: 0, count: 24)
        let bye: [UInt8] = [0x81, 203, 0x00, 0x01, 0x01, 0x02, 0x03, 0x04]
        let compound = datagram(senderReport + bye)
        #expect(RTCPPacket.isRTCP(compound))
        #expect(RTCPPacket.contents(of: compound)?.byeSources == [0x0102_0304])
        #expect(RTCPPacket.contents(of: datagram(senderReport))?.byeSources == [])
        #expect(RTCPPacket.contents(of: datagram(Array(bye.prefix(6))))?.byeSources == nil)
        #expect(!RTCPPacket.isRTCP(datagram(header + [0])))
    }

    @Test func readsSenderReportTiming() throws {
        // SSRC 0x0A0B0C0D; NTP 3_900_000_000.5 s; RTP timestamp 0xFFFF_FF00; then a BYE.
        let report: [UInt8] = [0x80, 200, 0x00, 0x06, 0x0A, 0x0B, 0x0C, 0x0D]
            + [0xE8, 0x75, 0x47, 0x00] + [0x80, 0x00, 0x00, 0x00] + [0xFF, 0xFF, 0xFF, 0x00] + Array(repeating: 0, count: 8)
        let bye: [UInt8] = [0x81, 203, 0x00, 0x01, 0x0A, 0x0B, 0x0C, 0x0D]
        let contents = try #require(RTCPPacket.contents(of: datagram(report + bye)))
        #expect(contents.byeSources == [0x0A0B_0C0D])
        let sr = try #require(contents.senderReports.first)
        #expect(sr.ssrc == 0x0A0B_0C0D && sr.ntpSeconds == 3_900_000_000 && sr.rtpTimestamp == 0xFFFF_FF00)
        #expect(sr.hasWallClock)
        // 8 kHz: 256 ticks after the report (across the 32-bit wrap) is 32 ms later; 800 before, 100 ms earlier.
        #expect(abs(sr.wallClock(atTimestamp: 0x0000_0000, clockRate: 8000) - 3_900_000_000.532) < 1e-6)
        #expect(abs(sr.wallClock(atTimestamp: 0xFFFF_FF00 &- 800, clockRate: 8000) - 3_900_000_000.4) < 1e-6)
        // A report too short for its fields is not well-formed RTCP.
        #expect(RTCPPacket.contents(of: datagram([0x80, 200, 0x00, 0x01, 1, 2, 3, 4])) == nil)
        let noClock = [0x80, 200, 0x00, 0x06] + Array(repeating: UInt8(0), count: 24)
        #expect(RTCPPacket.contents(of: datagram(noClock))?.senderReports.first?.hasWallClock == false)
    }
}

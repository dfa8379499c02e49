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
        #expect(RTCPPacket.byeSources(in: compound) == [0x0102_0304])
        #expect(RTCPPacket.byeSources(in: datagram(senderReport)) == [])
        #expect(RTCPPacket.byeSources(in: datagram(Array(bye.prefix(6)))) == nil)
        #expect(!RTCPPacket.isRTCP(datagram(header + [0])))
    }
}

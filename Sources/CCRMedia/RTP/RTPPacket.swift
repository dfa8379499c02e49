import NIOCore

/// One RTP packet (RFC 3550 §5.1): the header fields ingest uses and a view of the payload.
///
/// Parsing never traps: any byte sequence either yields a packet or an `RTPParseError`.
public struct RTPPacket: Sendable {
    public var marker: Bool
    public var payloadType: UInt8
    public var sequenceNumber: UInt16
    public var timestamp: UInt32
    public var ssrc: UInt32
    /// Contributing sources listed in the header (0 ... 15).
    public var csrcCount: Int
    /// Whether a header extension was present (and skipped).
    public var hasExtension: Bool
    /// Padding bytes removed from the end of the payload.
    public var paddingLength: Int
    /// The payload, a slice of the datagram (no copy).
    public var payload: ByteBuffer

    /// Size of the fixed header.
    public static let fixedHeaderLength = 12

    public init(
        marker: Bool = false, payloadType: UInt8, sequenceNumber: UInt16, timestamp: UInt32, ssrc: UInt32,
        payload: ByteBuffer
    ) {
        self.marker = marker
        self.payloadType = payloadType
        self.sequenceNumber = sequenceNumber
        self.timestamp = timestamp
        self.ssrc = ssrc
        self.csrcCount = 0
        self.hasExtension = false
        self.paddingLength = 0
        self.payload = payload
    }

    /// Parses a datagram.
    public init(parsing datagram: ByteBuffer) throws(RTPParseError) {
        let length = datagram.readableBytes
        guard length >= Self.fixedHeaderLength else { throw .truncatedHeader(length: length) }
        let base = datagram.readerIndex
        // Fixed-size reads inside the checked length cannot fail.
        let b0 = datagram.getInteger(at: base, as: UInt8.self)!
        let b1 = datagram.getInteger(at: base + 1, as: UInt8.self)!
        let version = b0 >> 6
        guard version == 2 else { throw .unsupportedVersion(version) }
        let hasPadding = b0 & 0x20 != 0
        let hasExtension = b0 & 0x10 != 0
        let csrcCount = Int(b0 & 0x0F)

        var offset = Self.fixedHeaderLength + 4 * csrcCount
        guard offset <= length else { throw .csrcListOverflow(count: csrcCount, length: length) }
        if hasExtension {
            guard offset + 4 <= length else {
                throw .extensionOverflow(declaredBytes: 4, available: length - offset)
            }
            let words = Int(datagram.getInteger(at: base + offset + 2, as: UInt16.self)!)
            let declared = 4 + 4 * words
            guard offset + declared <= length else {
                throw .extensionOverflow(declaredBytes: declared, available: length - offset)
            }
            offset += declared
        }
        var end = length
        var paddingLength = 0
        if hasPadding {
            let available = length - offset
            guard available > 0 else { throw .invalidPadding(declared: 0, available: 0) }
            paddingLength = Int(datagram.getInteger(at: base + length - 1, as: UInt8.self)!)
            guard paddingLength > 0, paddingLength <= available else {
                throw .invalidPadding(declared: paddingLength, available: available)
            }
            end -= paddingLength
        }

        self.marker = b1 & 0x80 != 0
        self.payloadType = b1 & 0x7F
        self.sequenceNumber = datagram.getInteger(at: base + 2, as: UInt16.self)!
        self.timestamp = datagram.getInteger(at: base + 4, as: UInt32.self)!
        self.ssrc = datagram.getInteger(at: base + 8, as: UInt32.self)!
        self.csrcCount = csrcCount
        self.hasExtension = hasExtension
        self.paddingLength = paddingLength
        self.payload = datagram.getSlice(at: base + offset, length: end - offset)!
    }

    /// Writes the packet (fixed header, no CSRC or extension) into `buffer`.
    public func write(to buffer: inout ByteBuffer) {
        buffer.writeInteger(UInt8(0x80))
        buffer.writeInteger((marker ? 0x80 : 0) | (payloadType & 0x7F))
        buffer.writeInteger(sequenceNumber)
        buffer.writeInteger(timestamp)
        buffer.writeInteger(ssrc)
        var payload = self.payload
        buffer.writeBuffer(&payload)
    }
}

import NIOCore

/// What ingest reads of RTCP (RFC 3550 §6): whether a datagram is RTCP, which sources said
/// goodbye, and the sender reports that tie a stream's RTP timestamps to its sender's wall clock.
public enum RTCPPacket {
    /// Packet type of a sender report.
    static let senderReportType: UInt8 = 200
    /// Packet type of a BYE.
    static let byeType: UInt8 = 203

    /// What one compound RTCP datagram says.
    public struct Contents: Equatable, Sendable {
        /// SSRCs that sent BYE.
        public var byeSources: [UInt32] = []
        /// Sender reports, in the order they came.
        public var senderReports: [SenderReport] = []
    }

    /// True when the datagram is RTCP rather than RTP, by the RFC 5761 rule for a shared
    /// port: the second byte of RTCP is a packet type in 192 ... 223.
    public static func isRTCP(_ datagram: ByteBuffer) -> Bool {
        guard datagram.readableBytes >= 8,
            let b0 = datagram.getInteger(at: datagram.readerIndex, as: UInt8.self),
            let b1 = datagram.getInteger(at: datagram.readerIndex + 1, as: UInt8.self)
        else { return false }
        return b0 >> 6 == 2 && (192...223).contains(b1)
    }

    /// Walks a compound RTCP packet; nil when it is not well-formed RTCP (a length that runs
    /// past the datagram, a wrong version, a BYE or SR too short for what it claims).
    public static func contents(of datagram: ByteBuffer) -> Contents? {
        var offset = datagram.readerIndex
        let end = datagram.writerIndex
        var contents = Contents()
        var sawPacket = false
        while offset + 4 <= end {
            guard let b0 = datagram.getInteger(at: offset, as: UInt8.self),
                let type = datagram.getInteger(at: offset + 1, as: UInt8.self),
                let words = datagram.getInteger(at: offset + 2, as: UInt16.self),
                b0 >> 6 == 2
            else { return nil }
            let packetLength = 4 * (Int(words) + 1)
            guard offset + packetLength <= end else { return nil }
            switch type {
            case byeType:
                let count = Int(b0 & 0x1F)
                guard 4 + 4 * count <= packetLength else { return nil }
                for index in 0..<count {
                    contents.byeSources.append(datagram.getInteger(at: offset + 4 + 4 * index, as: UInt32.self)!)
                }
            case senderReportType:
                // Header, SSRC, NTP (64 bits), RTP timestamp, packet and octet counts: 28 bytes.
                guard packetLength >= 28,
                    let ssrc = datagram.getInteger(at: offset + 4, as: UInt32.self),
                    let seconds = datagram.getInteger(at: offset + 8, as: UInt32.self),
                    let fraction = datagram.getInteger(at: offset + 12, as: UInt32.self),
                    let timestamp = datagram.getInteger(at: offset + 16, as: UInt32.self)
                else { return nil }
                contents.senderReports.append(
                    SenderReport(ssrc: ssrc, ntpSeconds: seconds, ntpFraction: fraction, rtpTimestamp: timestamp))
            default:
                break
            }
            sawPacket = true
            offset += packetLength
        }
        return sawPacket && offset == end ? contents : nil
    }
}

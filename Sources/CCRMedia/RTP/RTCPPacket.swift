import NIOCore

/// What ingest reads of RTCP (RFC 3550 §6): whether a datagram is RTCP, and whether it says goodbye.
public enum RTCPPacket {
    /// Packet type of a BYE.
    static let byeType: UInt8 = 203

    /// True when the datagram is RTCP rather than RTP, by the RFC 5761 rule for a shared
    /// port: the second byte of RTCP is a packet type in 192 ... 223.
    public static func isRTCP(_ datagram: ByteBuffer) -> Bool {
        guard datagram.readableBytes >= 8,
            let b0 = datagram.getInteger(at: datagram.readerIndex, as: UInt8.self),
            let b1 = datagram.getInteger(at: datagram.readerIndex + 1, as: UInt8.self)
        else { return false }
        return b0 >> 6 == 2 && (192...223).contains(b1)
    }

    /// Walks a compound RTCP packet and returns the SSRCs that sent BYE, or nil when the
    /// datagram is not well-formed RTCP.
    public static func byeSources(in datagram: ByteBuffer) -> [UInt32]? {
        var offset = datagram.readerIndex
        let end = datagram.writerIndex
        var sources: [UInt32] = []
        var sawPacket = false
        while offset + 4 <= end {
            guard let b0 = datagram.getInteger(at: offset, as: UInt8.self),
                let type = datagram.getInteger(at: offset + 1, as: UInt8.self),
                let words = datagram.getInteger(at: offset + 2, as: UInt16.self),
                b0 >> 6 == 2
            else { return nil }
            let packetLength = 4 * (Int(words) + 1)
            guard offset + packetLength <= end else { return nil }
            if type == byeType {
                let count = Int(b0 & 0x1F)
                guard 4 + 4 * count <= packetLength else { return nil }
                for index in 0..<count {
                    sources.append(datagram.getInteger(at: offset + 4 + 4 * index, as: UInt32.self)!)
                }
            }
            sawPacket = true
            offset += packetLength
        }
        return sawPacket && offset == end ? sources : nil
    }
}

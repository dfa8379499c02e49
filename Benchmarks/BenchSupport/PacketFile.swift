import Foundation

/// A file of pre-encoded media packets (payloads only, one per 20 ms), shared by the benchmark
/// suite, which encodes them once, and the load generator, which sends them.
///
/// Format: "CCPK", a UInt32 count, then per packet a UInt16 length and the bytes (big-endian).
public enum PacketFile {
    public enum ReadError: Error, CustomStringConvertible {
        case unreadable(String)
        case malformed(String)

        public var description: String {
            switch self {
            case .unreadable(let path): "cannot read packet file \(path)"
            case .malformed(let path): "\(path) is not a packet file"
            }
        }
    }

    public static func write(_ packets: [[UInt8]], to path: String) throws {
        var data = Data("CCPK".utf8)
        var count = UInt32(packets.count).bigEndian
        withUnsafeBytes(of: &count) { data.append(contentsOf: $0) }
        for packet in packets {
            var length = UInt16(packet.count).bigEndian
            withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
            data.append(contentsOf: packet)
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    public static func read(_ path: String) throws(ReadError) -> [[UInt8]] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        let bytes = [UInt8](data)
        guard bytes.count >= 8, bytes[0..<4] == [0x43, 0x43, 0x50, 0x4B] else { throw .malformed(path) }
        let count = Int(bytes[4]) << 24 | Int(bytes[5]) << 16 | Int(bytes[6]) << 8 | Int(bytes[7])
        var packets: [[UInt8]] = []
        packets.reserveCapacity(count)
        var offset = 8
        for _ in 0..<count {
            guard offset + 2 <= bytes.count else { throw .malformed(path) }
            let length = Int(bytes[offset]) << 8 | Int(bytes[offset + 1])
            offset += 2
            guard offset + length <= bytes.count else { throw .malformed(path) }
            packets.append(Array(bytes[offset..<(offset + length)]))
            offset += length
        }
        return packets
    }
}

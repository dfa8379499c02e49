/// Why a datagram is not a usable RTP packet. Each one is counted per leg, never fatal.
public enum RTPParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes than the 12-byte fixed header.
    case truncatedHeader(length: Int)
    /// The version field is not 2.
    case unsupportedVersion(UInt8)
    /// The CSRC list runs past the end of the datagram.
    case csrcListOverflow(count: Int, length: Int)
    /// The header extension runs past the end of the datagram.
    case extensionOverflow(declaredBytes: Int, available: Int)
    /// The padding count is zero or larger than what follows the header.
    case invalidPadding(declared: Int, available: Int)

    public var description: String {
        switch self {
        case .truncatedHeader(let length):
            "RTP datagram of \(length) bytes is shorter than the 12-byte header"
        case .unsupportedVersion(let version):
            "RTP version \(version) is not 2"
        case .csrcListOverflow(let count, let length):
            "RTP CSRC list of \(count) entries does not fit in \(length) bytes"
        case .extensionOverflow(let declared, let available):
            "RTP header extension of \(declared) bytes exceeds the \(available) bytes left"
        case .invalidPadding(let declared, let available):
            "RTP padding of \(declared) bytes is invalid with \(available) bytes after the header"
        }
    }
}

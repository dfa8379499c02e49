/// The audio codecs a call leg can carry.
public enum Codec: String, Sendable, Codable, CaseIterable {
    case opus
    case pcmu
    case pcma

    /// RTP clock rate: 48 kHz for Opus whatever its audio bandwidth (RFC 7587), 8 kHz for G.711.
    public var clockRate: Int {
        switch self {
        case .opus: 48_000
        case .pcmu, .pcma: 8_000
        }
    }

    /// The static payload type (RFC 3551), or nil for a dynamic one.
    public var staticPayloadType: UInt8? {
        switch self {
        case .opus: nil
        case .pcmu: 0
        case .pcma: 8
        }
    }
}

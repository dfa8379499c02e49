/// Why a payload could not be decoded. Counted per leg; the stream goes on.
public enum AudioDecodeError: Error, Equatable, Sendable {
    /// The codec library rejected the payload (libopus error code).
    case invalidPayload(code: Int32)
    /// The payload is empty.
    case emptyPayload
}

import CCRCore

/// Whatever feeds one leg of a call: RTP from a gateway today, PulseAudio capture or WebSocket
/// media next. It turns its input into 20 ms frames on the call's media time and hands them to
/// the call as they are ready; the call drives it as time passes and when it ends.
///
/// A `CallSession` knows its legs only through this: a new kind of input is a new source, and
/// the session and the analysis stay as they are. Called only on the call's event loop.
public protocol LegSource: AnyObject {
    /// The leg it feeds.
    var leg: Leg { get }
    /// Monotonic nanoseconds of the last input (nil before any): a call whose legs have all been
    /// without input for the idle timeout ends.
    var lastActivity: Int64? { get }
    /// Whether the sender said the leg is over (RTP: an RTCP BYE for its stream).
    var senderEnded: Bool { get }
    /// Transport counters for network quality; nil for input that crosses no packet network.
    var transport: TransportCounters? { get }
    /// What the API shows about the leg's transport; nil for input that has none.
    var statistics: LegStatistics? { get }
    /// What the API shows about a captured leg (PulseAudio); nil for network input.
    var capture: CaptureStatistics? { get }
    /// The leg's timeline on its sender's wall clock, when the sender tells it (RTP: an RTCP
    /// sender report); the call places its legs by it rather than by their first arrival.
    var senderClock: SenderClock? { get }
    /// Time passed (`now`, monotonic nanoseconds) without input: hands on what is due anyway,
    /// such as buffered audio of a line gone quiet, or silence, so the call's clock runs on.
    func advance(now: Int64, emit: (Frame) -> Void)
    /// The leg is over: hands on everything left.
    func finish(emit: (Frame) -> Void)
}

extension LegSource {
    /// Input that tells no sender clock (a local capture, a test source).
    public var senderClock: SenderClock? { nil }
    /// Input that is not captured locally (RTP, a test source).
    public var capture: CaptureStatistics? { nil }
}

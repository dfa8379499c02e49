/// The analysis entry point: receives the frames of both legs of one call and emits events.
///
/// Ingest owns one analyzer per call and feeds it on the thread that received the packets;
/// an analyzer is pure (no I/O, no clock), so the same frames always give the same events,
/// whether they come from a live stream or a file.
public protocol CallAnalyzer {
    /// Takes one frame of either leg (each leg's frames in media-time order).
    mutating func consume(_ frame: Frame, emit: (CallEvent) -> Void)
    /// The call's network figures for the last interval (live calls only).
    mutating func networkQuality(_ quality: NetworkQuality)
    /// The call is over: analyse what is left and emit the final events.
    mutating func finish(emit: (CallEvent) -> Void)
}

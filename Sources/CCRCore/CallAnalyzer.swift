/// The analysis entry point: receives the frames of both legs of one call, in media-time order per leg.
///
/// Ingest owns one analyzer per call and feeds it on the thread that received the packets;
/// an analyzer is pure (no I/O, no clock), so the same frames always give the same results.
public protocol CallAnalyzer {
    /// Takes one frame of either leg.
    mutating func consume(_ frame: Frame)
}

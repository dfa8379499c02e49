/// Where a leg's media timeline meets its sender's wall clock: the sample at `position` (16 kHz,
/// on the leg's timeline as ingest placed it) was taken at `wallClock` (seconds since 1900, by
/// the sender's clock). Two legs that both know theirs can be placed side by side exactly,
/// however late either's packets arrived.
public struct SenderClock: Equatable, Sendable {
    public var position: Int64
    public var wallClock: Double

    public init(position: Int64, wallClock: Double) {
        self.position = position
        self.wallClock = wallClock
    }
}

/// How a leg sounds right now, as analysis hears it: its level, whether it speaks, how much it has.
public struct LegActivity: Sendable, Equatable {
    /// RMS level of the last 100 ms, dBFS (full-scale square wave = 0).
    public var levelDBFS: Double
    public var speaking: Bool
    /// Speech so far, seconds.
    public var speechSeconds: Double

    public init(levelDBFS: Double, speaking: Bool, speechSeconds: Double) {
        self.levelDBFS = levelDBFS
        self.speaking = speaking
        self.speechSeconds = speechSeconds
    }
}

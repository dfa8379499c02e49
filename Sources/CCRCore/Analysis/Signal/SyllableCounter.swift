/// A speech-rate proxy: syllable nuclei are peaks of the energy envelope at least
/// `prominence` dB above the dips on both sides, at least 100 ms apart, during speech.
public struct SyllableCounter: Sendable {
    static let prominence = 3.0
    static let minSpacingFrames: Int64 = 5

    private var previous = -200.0
    private var rising = false
    private var peak = -200.0
    private var peakIndex: Int64 = 0
    private var dipBefore = -200.0
    private var lastNucleus: Int64 = -1000
    /// Nuclei counted so far.
    public private(set) var nuclei = 0

    public init() {}

    /// Takes one frame's level; returns true when it confirms a nucleus.
    public mutating func process(level: Double, index: Int64, isSpeech: Bool) -> Bool {
        defer { previous = level }
        if level >= previous {
            if !rising {
                dipBefore = previous
                rising = true
            }
            peak = level
            peakIndex = index
            return false
        }
        // Falling: the peak is confirmed once the fall is as deep as the rise needed.
        if rising && peak - level >= Self.prominence && peak - dipBefore >= Self.prominence {
            rising = false
            if isSpeech && peakIndex - lastNucleus >= Self.minSpacingFrames {
                lastNucleus = peakIndex
                nuclei += 1
                return true
            }
        }
        return false
    }
}

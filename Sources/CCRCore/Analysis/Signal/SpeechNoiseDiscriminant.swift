/// What one leg's talker sounds like against what its line sounds like without them, learned
/// from the leg itself as the call goes: a linear discriminant (Fisher's) over the frame's
/// `PhoneBandSpectrum`, trained on the frames the detector is sure of.
///
/// Level alone cannot hear a quiet voice in loud steady noise: at 5 dB SNR the talker's weaker
/// syllables sit under the level margin. Their spectrum still differs from the noise's (a voice
/// has formants, pink or street noise a slope), and once the leg has spoken a few seconds the
/// discriminant tells them apart band by band. The detector then needs less level over the
/// floor for a frame the discriminant calls speech. Babble is speech-shaped, so there it helps
/// less.
///
/// `score(_:)` is 0 halfway between the two classes' means, -0.5 at the noise's and +0.5 at the
/// speech's; nil until both have `minimumFrames`. Statistics fade with `memory` frames, so a
/// line whose noise changes is followed. About 1 µs a frame; the refit (an 11 × 11 solve) runs
/// every `refitEvery` frames.
public struct SpeechNoiseDiscriminant: Sendable {
    static let dimension = PhoneBandSpectrum.bandCount
    /// Frames of each class needed before scores are given (25 = 0.5 s).
    static let minimumFrames = 25.0
    /// Frames between two refits.
    static let refitEvery = 10
    /// Statistics fade by this much per frame learned (about 5 minutes of memory).
    static let fading = 0.999_93
    /// Added to the covariance's diagonal (dB²): keeps the solve stable on a clean line.
    static let ridge = 0.01

    private var speechCount = 0.0
    private var noiseCount = 0.0
    private var speechSum = [Double](repeating: 0, count: dimension)
    private var noiseSum = [Double](repeating: 0, count: dimension)
    /// Σ x xᵀ over both classes, row-major.
    private var scatter = [Double](repeating: 0, count: dimension * dimension)
    private var weights: [Double]?
    private var centre = 0.0
    private var spread = 1.0
    private var framesSinceRefit = 0

    public init() {}

    /// The frame's place between noise (-0.5) and speech (+0.5), or nil while untrained.
    public func score(_ bands: [Double]) -> Double? {
        guard let weights else { return nil }
        var projection = 0.0
        for index in 0..<Self.dimension { projection += weights[index] * bands[index] }
        return (projection - centre) / spread
    }

    /// Learns a frame the detector is sure of, and refits now and then.
    public mutating func learn(_ bands: [Double], isSpeech: Bool) {
        let fading = Self.fading
        speechCount *= fading
        noiseCount *= fading
        for index in 0..<Self.dimension {
            speechSum[index] *= fading
            noiseSum[index] *= fading
        }
        if isSpeech {
            speechCount += 1
            for index in 0..<Self.dimension { speechSum[index] += bands[index] }
        } else {
            noiseCount += 1
            for index in 0..<Self.dimension { noiseSum[index] += bands[index] }
        }
        let size = Self.dimension
        scatter.withUnsafeMutableBufferPointer { scatter in
            for row in 0..<size {
                let value = bands[row]
                for column in 0..<size {
                    scatter[row * size + column] = scatter[row * size + column] * fading + value * bands[column]
                }
            }
        }
        framesSinceRefit += 1
        if framesSinceRefit >= Self.refitEvery, speechCount >= Self.minimumFrames, noiseCount >= Self.minimumFrames {
            framesSinceRefit = 0
            refit()
        }
    }

    /// Fisher's direction: the pooled within-class covariance solved against the difference of
    /// the means (Cholesky; a covariance that is not positive definite keeps the last fit).
    private mutating func refit() {
        let size = Self.dimension
        var speechMean = speechSum
        var noiseMean = noiseSum
        for index in 0..<size {
            speechMean[index] /= speechCount
            noiseMean[index] /= noiseCount
        }
        let total = speechCount + noiseCount
        var covariance = [Double](repeating: 0, count: size * size)
        for row in 0..<size {
            for column in 0...row {
                let within = scatter[row * size + column] - speechCount * speechMean[row] * speechMean[column]
                    - noiseCount * noiseMean[row] * noiseMean[column]
                covariance[row * size + column] = within / total + (row == column ? Self.ridge : 0)
            }
        }
        // Cholesky: covariance = L Lᵀ, L in the lower triangle.
        for row in 0..<size {
            for column in 0...row {
                var sum = covariance[row * size + column]
                for k in 0..<column { sum -= covariance[row * size + k] * covariance[column * size + k] }
                if row == column {
                    guard sum > 1e-9 else { return }
                    covariance[row * size + row] = sum.squareRoot()
                } else {
                    covariance[row * size + column] = sum / covariance[column * size + column]
                }
            }
        }
        var solution = [Double](repeating: 0, count: size)
        for row in 0..<size {
            var sum = speechMean[row] - noiseMean[row]
            for k in 0..<row { sum -= covariance[row * size + k] * solution[k] }
            solution[row] = sum / covariance[row * size + row]
        }
        for row in stride(from: size - 1, through: 0, by: -1) {
            var sum = solution[row]
            for k in (row + 1)..<size { sum -= covariance[k * size + row] * solution[k] }
            solution[row] = sum / covariance[row * size + row]
        }
        var speechProjection = 0.0
        var noiseProjection = 0.0
        for index in 0..<size {
            speechProjection += solution[index] * speechMean[index]
            noiseProjection += solution[index] * noiseMean[index]
        }
        guard speechProjection - noiseProjection > 1e-9, speechProjection.isFinite, noiseProjection.isFinite else { return }
        weights = solution
        centre = (speechProjection + noiseProjection) / 2
        spread = speechProjection - noiseProjection
    }
}

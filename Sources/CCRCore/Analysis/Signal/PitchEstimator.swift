/// Fundamental frequency of voiced speech by YIN (de Cheveigné & Kawahara, 2002).
///
/// Works at 8 kHz on the last 40 ms (pairs of 16 kHz samples are averaged, a crude low-pass
/// that is enough for F0) and searches 60–400 Hz; frames with no clear period are unvoiced.
public struct PitchEstimator: Sendable {
    static let rate = 8000.0
    /// Samples (8 kHz) in the comparison window: 20 ms.
    static let window = 160
    /// Shortest period searched: 400 Hz.
    static let minLag = 20
    /// Longest period searched: 60 Hz.
    static let maxLag = 133
    /// Aperiodicity below which a dip is taken as the period.
    static let threshold: Float = 0.15

    private var history: [Float] = Array(repeating: 0, count: 2 * PitchEstimator.window)
    private var difference: [Float] = Array(repeating: 0, count: PitchEstimator.maxLag + 2)

    public init() {}

    /// Adds a 20 ms frame to the history without estimating (for unvoiced frames).
    public mutating func push(_ frame: Frame) {
        let half = Self.window
        // Shift the previous 20 ms to the front, append the new frame decimated to 8 kHz.
        for index in 0..<half { history[index] = history[index + half] }
        frame.samples.withUnsafeBufferPointer { samples in
            for index in 0..<half {
                history[half + index] = 0.5 * (samples[2 * index] + samples[2 * index + 1])
            }
        }
    }

    /// F0 in Hz of the last 40 ms, or nil when it is not clearly periodic.
    public mutating func estimate() -> Double? {
        let window = Self.window
        let maxLag = Self.maxLag
        history.withUnsafeBufferPointer { x in
            difference.withUnsafeMutableBufferPointer { d in
                d[0] = 0
                // Eight lanes at a time (the window is a multiple of 8): the hot loop of analysis.
                let base = UnsafeRawPointer(x.baseAddress!)
                let stride = MemoryLayout<Float>.stride
                for lag in 1...maxLag {
                    var lanes = SIMD8<Float>()
                    var j = 0
                    while j < window {
                        let a = base.loadUnaligned(fromByteOffset: j * stride, as: SIMD8<Float>.self)
                        let b = base.loadUnaligned(fromByteOffset: (j + lag) * stride, as: SIMD8<Float>.self)
                        let delta = a - b
                        lanes += delta * delta
                        j += 8
                    }
                    d[lag] = lanes.sum()
                }
            }
        }
        // Cumulative mean normalised difference.
        var running: Float = 0
        var best: Int?
        for lag in 1...maxLag {
            running += difference[lag]
            difference[lag] = running > 0 ? difference[lag] * Float(lag) / running : 1
        }
        var lag = Self.minLag
        while lag <= maxLag {
            if difference[lag] < Self.threshold {
                while lag + 1 <= maxLag && difference[lag + 1] < difference[lag] { lag += 1 }
                best = lag
                break
            }
            lag += 1
        }
        guard let best else { return nil }
        // Parabolic interpolation around the dip.
        var period = Double(best)
        if best > 1 && best < maxLag {
            let a = Double(difference[best - 1])
            let b = Double(difference[best])
            let c = Double(difference[best + 1])
            let denominator = a - 2 * b + c
            if denominator > 0 { period += 0.5 * (a - c) / denominator }
        }
        return Self.rate / period
    }
}

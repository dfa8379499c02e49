#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Doubles the sample rate (8 kHz → 16 kHz) with a windowed-sinc half-band interpolator.
///
/// Polyphase form: even outputs are the input delayed, odd outputs a 2·`halfLength`-tap FIR.
/// State carries across calls so packets of any length join without clicks.
public struct Upsampler: Sendable {
    /// Taps on each side of the odd-phase filter.
    static let halfLength = 12
    /// The odd-phase coefficients (Blackman-windowed sinc at a quarter of the output rate).
    static let oddPhase: [Float] = {
        let n = 2 * halfLength
        return (0..<n).map { k in
            // Distance of input sample k from the interpolated point, in input samples.
            let t = Double(k - halfLength) + 0.5
            let sinc = sin(Double.pi * t) / (Double.pi * t)
            let w = Double(k) + 0.5
            let window = 0.42 + 0.5 * cos(2 * Double.pi * (w - Double(n) / 2) / Double(n))
                + 0.08 * cos(4 * Double.pi * (w - Double(n) / 2) / Double(n))
            return Float(sinc * window)
        }
    }()

    private var history: [Float]
    private var position = 0

    public init() {
        history = Array(repeating: 0, count: 2 * Upsampler.halfLength)
    }

    /// Appends two output samples per input sample.
    public mutating func process(_ input: Float, into output: inout [Float]) {
        let n = history.count
        history[position] = input
        position = (position + 1) % n
        // history[position] is now the oldest sample; the newest is at position - 1.
        let taps = Upsampler.oddPhase
        var odd: Float = 0
        var index = position
        for k in 0..<n {
            odd += taps[k] * history[index]
            index += 1
            if index == n { index = 0 }
        }
        // The even output is the input sample at the filter's centre (delay of halfLength).
        let centre = (position + Upsampler.halfLength - 1) % n
        output.append(history[centre])
        output.append(odd)
    }
}

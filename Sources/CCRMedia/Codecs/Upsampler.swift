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

    /// `oddPhase` as three vectors of eight (24 taps), for the block loop.
    static let oddPhaseLanes: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>) = {
        let taps = oddPhase
        precondition(taps.count == 24, "the vector loop is written for 24 taps")
        return (SIMD8(taps[0..<8]), SIMD8(taps[8..<16]), SIMD8(taps[16..<24]))
    }()

    /// The last 2·`halfLength` − 1 input samples, oldest first: the filter's memory.
    private var tail: [Float]
    /// Scratch: `tail` followed by the block being processed (kept to avoid allocations).
    private var window: [Float] = []

    public init() {
        tail = Array(repeating: 0, count: 2 * Upsampler.halfLength - 1)
    }

    /// Appends two output samples per input sample.
    public mutating func process(_ input: Float, into output: inout [Float]) {
        process(contentsOf: CollectionOfOne(input), into: &output)
    }

    /// Appends two output samples per input sample, for a whole block at once (the hot path:
    /// one packet per call, no per-sample ring arithmetic).
    public mutating func process(contentsOf input: some Collection<Float>, into output: inout [Float]) {
        let count = input.count
        guard count > 0 else { return }
        let taps = 2 * Upsampler.halfLength
        window.removeAll(keepingCapacity: true)
        window.append(contentsOf: tail)
        window.append(contentsOf: input)
        output.reserveCapacity(output.count + 2 * count)
        let (c0, c1, c2) = Upsampler.oddPhaseLanes
        window.withUnsafeBufferPointer { samples in
            let base = UnsafeRawPointer(samples.baseAddress!)
            let size = MemoryLayout<Float>.stride
            for index in 0..<count {
                // samples[index ..< index + taps] are the last `taps` inputs, oldest first.
                let offset = index * size
                var lanes = c0 * base.loadUnaligned(fromByteOffset: offset, as: SIMD8<Float>.self)
                lanes += c1 * base.loadUnaligned(fromByteOffset: offset + 8 * size, as: SIMD8<Float>.self)
                lanes += c2 * base.loadUnaligned(fromByteOffset: offset + 16 * size, as: SIMD8<Float>.self)
                // The even output is the input at the filter's centre (a delay of halfLength).
                output.append(samples[index + Upsampler.halfLength - 1])
                output.append(lanes.sum())
            }
        }
        let keep = taps - 1
        for index in 0..<keep { tail[index] = window[window.count - keep + index] }
    }
}

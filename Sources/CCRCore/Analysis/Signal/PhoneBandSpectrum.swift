#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The shape of one 20 ms frame across the telephone band: its level in eleven bands from 300
/// to 3,400 Hz (dB), averaged over the last three frames. It is what the voice activity
/// detector's `SpeechNoiseDiscriminant` learns a leg's talker and its noise from.
///
/// The frame is taken to 8 kHz (pairs of samples averaged, as the pitch estimator does: the
/// band stops at 3.4 kHz) and zero-padded to 256 samples: 31.25 Hz per bin. The 256 real
/// samples are transformed as 128 complex ones (even samples real, odd imaginary) by a radix-2
/// FFT, then split into the real signal's spectrum for the bins the bands use.
public struct PhoneBandSpectrum: Sendable {
    /// Band edges, Hz: third-octave-like steps over the phone band.
    static let edges: [Double] = [300, 400, 500, 630, 800, 1000, 1250, 1600, 2000, 2500, 3150, 3400]
    /// Bands measured.
    public static let bandCount = edges.count - 1
    /// Real samples transformed (the 8 kHz frame, zero-padded).
    static let size = 256
    /// Complex points of the transform.
    static let points = size / 2
    static let rate = 8000.0
    /// Frames whose band levels are averaged.
    static let smoothing = 3
    /// For each band, the FFT bins it averages (half-open).
    static let binRanges: [Range<Int>] = (0..<bandCount).map { band in
        let width = rate / Double(size)
        let low = Int((edges[band] / width).rounded(.up))
        let high = Int((edges[band + 1] / width).rounded(.up))
        return low..<high
    }
    static let bitReversed: [Int] = (0..<points).map { index in
        var reversed = 0
        var value = index
        for _ in 0..<7 {
            reversed = reversed << 1 | value & 1
            value >>= 1
        }
        return reversed
    }
    /// e^(-2πik/256) for k < 128: the 128-point transform uses the even ones, the split all.
    static let cosines: [Float] = (0..<points).map { Float(cos(-2 * Double.pi * Double($0) / Double(size))) }
    static let sines: [Float] = (0..<points).map { Float(sin(-2 * Double.pi * Double($0) / Double(size))) }

    private var real = [Float](repeating: 0, count: PhoneBandSpectrum.points)
    private var imaginary = [Float](repeating: 0, count: PhoneBandSpectrum.points)
    /// Band levels of the last `smoothing` frames, one row per frame.
    private var recent = [Double](repeating: 0, count: PhoneBandSpectrum.smoothing * PhoneBandSpectrum.bandCount)
    private var position = 0
    private var filled = 0
    /// The band levels of the last frames, averaged (dB).
    public private(set) var bands = [Double](repeating: 0, count: PhoneBandSpectrum.bandCount)

    public init() {}

    /// Measures a 16 kHz frame and updates `bands`.
    public mutating func measure(_ samples: [Float]) {
        let half = min(samples.count / 2, 160)
        let order = Self.bitReversed
        let cosines = Self.cosines
        let sines = Self.sines
        let row = position * Self.bandCount
        let scale = 1 / Float(half > 0 ? half : 1)
        real.withUnsafeMutableBufferPointer { re in
            imaginary.withUnsafeMutableBufferPointer { im in
                samples.withUnsafeBufferPointer { x in
                    order.withUnsafeBufferPointer { order in
                        // Point m holds 8 kHz samples 2m (real) and 2m + 1 (imaginary).
                        for index in 0..<Self.points {
                            let point = order[index]
                            let even = 2 * point
                            let odd = even + 1
                            re[index] = even < half ? 0.5 * (x[2 * even] + x[2 * even + 1]) : 0
                            im[index] = odd < half ? 0.5 * (x[2 * odd] + x[2 * odd + 1]) : 0
                        }
                    }
                }
                cosines.withUnsafeBufferPointer { cosines in
                    sines.withUnsafeBufferPointer { sines in
                        Self.transform(re, im, cosines, sines)
                        for band in 0..<Self.bandCount {
                            var power: Float = 0
                            let bins = Self.binRanges[band]
                            for bin in bins {
                                // The real signal's bin from the packed transform's bins k and 128 - k.
                                let mirror = (Self.points - bin) & (Self.points - 1)
                                let sumRe = 0.5 * (re[bin] + re[mirror])
                                let sumIm = 0.5 * (im[bin] - im[mirror])
                                let oddRe = 0.5 * (im[bin] + im[mirror])
                                let oddIm = -0.5 * (re[bin] - re[mirror])
                                let binRe = sumRe + cosines[bin] * oddRe - sines[bin] * oddIm
                                let binIm = sumIm + cosines[bin] * oddIm + sines[bin] * oddRe
                                power += binRe * binRe + binIm * binIm
                            }
                            let mean = Double(power * scale) / Double(bins.count)
                            // Out-of-range samples (infinite, NaN) give a finite level: the
                            // discriminant's statistics must never hold a NaN.
                            recent[row + band] = mean > 1e-12 ? 10 * log10(min(mean, 1e12)) : -120
                        }
                    }
                }
            }
        }
        position = (position + 1) % Self.smoothing
        filled = min(filled + 1, Self.smoothing)
        for band in 0..<Self.bandCount {
            var sum = 0.0
            for frame in 0..<filled { sum += recent[frame * Self.bandCount + band] }
            bands[band] = sum / Double(filled)
        }
    }

    /// In-place iterative radix-2 FFT of the 128 points, inputs in bit-reversed order; the
    /// twiddles are every other one of the 256-point tables.
    private static func transform(
        _ re: UnsafeMutableBufferPointer<Float>, _ im: UnsafeMutableBufferPointer<Float>,
        _ cosines: UnsafeBufferPointer<Float>, _ sines: UnsafeBufferPointer<Float>
    ) {
        var span = 1
        while span < points {
            let step = size / (2 * span)
            var start = 0
            while start < points {
                for offset in 0..<span {
                    let twiddle = offset * step
                    let wr = cosines[twiddle]
                    let wi = sines[twiddle]
                    let a = start + offset
                    let b = a + span
                    let tr = wr * re[b] - wi * im[b]
                    let ti = wr * im[b] + wi * re[b]
                    re[b] = re[a] - tr
                    im[b] = im[a] - ti
                    re[a] += tr
                    im[a] += ti
                }
                start += 2 * span
            }
            span *= 2
        }
    }
}

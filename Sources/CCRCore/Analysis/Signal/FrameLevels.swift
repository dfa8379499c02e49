#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Loudness of one frame: RMS and peak in dBFS, and how many samples clipped.
public struct FrameLevels: Sendable, Equatable {
    /// Samples at or above this magnitude count as clipped.
    public static let clipThreshold: Float = 0.99

    /// RMS level, dBFS (full-scale square wave = 0).
    public var rmsDBFS: Double
    /// Peak level, dBFS (full scale = 0).
    public var peakDBFS: Double
    /// Samples at or above `clipThreshold`.
    public var clippedSamples: Int
    /// Mean of the squared samples (full-scale square wave = 1).
    public var meanSquare: Double

    public init(rmsDBFS: Double, peakDBFS: Double, clippedSamples: Int, meanSquare: Double) {
        self.rmsDBFS = rmsDBFS
        self.peakDBFS = peakDBFS
        self.clippedSamples = clippedSamples
        self.meanSquare = meanSquare
    }

    /// Measures `samples`.
    public init(measuring samples: [Float]) {
        var sum: Float = 0
        var peak: Float = 0
        var clipped = 0
        for sample in samples {
            sum += sample * sample
            let magnitude = abs(sample)
            if magnitude > peak { peak = magnitude }
            if magnitude >= Self.clipThreshold { clipped += 1 }
        }
        meanSquare = Double(sum) / Double(max(samples.count, 1))
        rmsDBFS = Decibels.fromMeanSquare(meanSquare)
        peakDBFS = peak > 0 ? max(Decibels.floor, 20 * log10(Double(peak))) : Decibels.floor
        clippedSamples = clipped
    }
}

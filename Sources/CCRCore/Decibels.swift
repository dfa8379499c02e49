#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Conversions between linear power and decibels relative to full scale.
public enum Decibels {
    /// The floor reported for digital silence, so figures stay finite.
    public static let floor: Double = -120

    /// dBFS of a mean square power, where a full-scale square wave is 0 dBFS
    /// (a full-scale sine reads -3.01 dBFS).
    public static func fromMeanSquare(_ meanSquare: Double) -> Double {
        guard meanSquare > 0 else { return floor }
        return max(floor, 10 * log10(meanSquare))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Brings whole recordings to 16 kHz: 8 kHz is interpolated (the G.711 upsampler), 32 and
/// 48 kHz are low-passed below 7.2 kHz and decimated.
public enum RateConverter {
    /// Converts every channel, or returns nil for a rate it does not handle.
    public static func toSixteenKilohertz(_ channels: [[Float]], from rate: Int) -> [[Float]]? {
        switch rate {
        case 16_000:
            return channels
        case 8_000:
            return channels.map { channel in
                var upsampler = Upsampler()
                var output: [Float] = []
                output.reserveCapacity(channel.count * 2)
                upsampler.process(contentsOf: channel, into: &output)
                return output
            }
        case 32_000, 48_000:
            let factor = rate / 16_000
            let taps = lowPass(cutoff: 7_200 / Double(rate), count: 16 * factor + 1)
            return channels.map { decimate($0, by: factor, taps: taps) }
        default:
            return nil
        }
    }

    /// Blackman-windowed sinc low-pass, `cutoff` in cycles per sample, unity gain.
    static func lowPass(cutoff: Double, count: Int) -> [Float] {
        let middle = Double(count - 1) / 2
        var taps = (0..<count).map { index -> Double in
            let x = Double(index) - middle
            let sinc = x == 0 ? 2 * cutoff : sin(2 * Double.pi * cutoff * x) / (Double.pi * x)
            let window = 0.42 - 0.5 * cos(2 * Double.pi * Double(index) / Double(count - 1))
                + 0.08 * cos(4 * Double.pi * Double(index) / Double(count - 1))
            return sinc * window
        }
        let sum = taps.reduce(0, +)
        taps = taps.map { $0 / sum }
        return taps.map(Float.init)
    }

    static func decimate(_ input: [Float], by factor: Int, taps: [Float]) -> [Float] {
        let delay = taps.count / 2
        var output: [Float] = []
        output.reserveCapacity(input.count / factor)
        var center = 0
        while center < input.count {
            var sum: Float = 0
            for (k, tap) in taps.enumerated() {
                let index = center + delay - k
                if index >= 0 && index < input.count { sum += tap * input[index] }
            }
            output.append(sum)
            center += factor
        }
        return output
    }
}

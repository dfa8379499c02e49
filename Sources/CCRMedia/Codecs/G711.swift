/// ITU-T G.711 μ-law and A-law expansion to linear PCM, as 256-entry tables.
public enum G711 {
    /// μ-law byte → 16-bit linear (range ±32124).
    public static let muLawTable: [Int16] = (0...255).map { expandMuLaw(UInt8($0)) }
    /// A-law byte → 16-bit linear (range ±32256).
    public static let aLawTable: [Int16] = (0...255).map { expandALaw(UInt8($0)) }

    /// Expands one μ-law byte (G.711 §2, bits inverted on the wire).
    public static func expandMuLaw(_ byte: UInt8) -> Int16 {
        let value = ~byte
        let sign = value & 0x80
        let exponent = Int32((value >> 4) & 0x07)
        let mantissa = Int32(value & 0x0F)
        let magnitude = (((mantissa << 3) + 0x84) << exponent) - 0x84
        return Int16(sign != 0 ? -magnitude : magnitude)
    }

    /// Expands one A-law byte (G.711 §3, even bits inverted on the wire).
    public static func expandALaw(_ byte: UInt8) -> Int16 {
        let value = byte ^ 0x55
        let sign = value & 0x80
        let exponent = Int32((value >> 4) & 0x07)
        let mantissa = Int32(value & 0x0F)
        var magnitude = (mantissa << 4) + 8
        if exponent > 0 { magnitude = (magnitude + 0x100) << (exponent - 1) }
        // A-law's sign bit set means positive.
        return Int16(sign != 0 ? magnitude : -magnitude)
    }
}

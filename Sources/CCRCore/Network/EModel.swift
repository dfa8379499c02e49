/// Estimated listening quality (MOS) from loss and delay: the simplified ITU-T G.107 E-model.
///
/// R = R0 − Id − Ie,eff, with
/// - R0 = 93.2 (G.107 default basic signal-to-noise ratio, Is = A = 0);
/// - Id = 0.024·d + 0.11·(d − 177.3)·H(d − 177.3), the Cole–Rosenbluth fit of the delay
///   impairment, where d is the one-way mouth-to-ear delay in ms and H the step function;
/// - Ie,eff = Ie + (95 − Ie) · Ppl / (Ppl / BurstR + Bpl), G.107's packet-loss impairment,
///   with Ppl the loss in percent, BurstR the burst ratio (1 = random loss) and Ie, Bpl the
///   codec's equipment impairment and loss robustness;
/// - MOS = 1 + 0.035·R + 7·10⁻⁶·R·(R − 60)·(100 − R) for 0 < R < 100, 1 below, 4.5 above.
public enum EModel {
    /// The codec constants of G.113 Appendix I that the E-model needs.
    public struct CodecImpairment: Sendable, Equatable {
        /// Equipment impairment factor Ie.
        public var ie: Double
        /// Packet-loss robustness factor Bpl.
        public var bpl: Double

        public init(ie: Double, bpl: Double) {
            self.ie = ie
            self.bpl = bpl
        }

        /// G.711 with packet loss concealment (G.113: Ie = 0, Bpl = 25.1).
        public static let g711 = CodecImpairment(ie: 0, bpl: 25.1)
        /// Opus at telephone bit rates. ITU has no figures for Opus; it is scored like G.711
        /// with concealment, which understates Opus at wideband and is the cautious choice.
        public static let opus = CodecImpairment(ie: 0, bpl: 25.1)
    }

    /// Basic signal-to-noise ratio R0 with G.107's default values.
    public static let r0 = 93.2

    /// Delay impairment Id for a one-way delay in milliseconds.
    public static func delayImpairment(oneWayDelayMs d: Double) -> Double {
        let base = 0.024 * d
        return d > 177.3 ? base + 0.11 * (d - 177.3) : base
    }

    /// Effective equipment impairment Ie,eff for a loss percentage.
    public static func lossImpairment(lossPercent: Double, burstRatio: Double = 1, codec: CodecImpairment) -> Double {
        let ppl = min(max(lossPercent, 0), 100)
        guard ppl > 0 else { return codec.ie }
        return codec.ie + (95 - codec.ie) * ppl / (ppl / burstRatio + codec.bpl)
    }

    /// The transmission rating R.
    public static func rating(oneWayDelayMs: Double, lossPercent: Double, burstRatio: Double = 1, codec: CodecImpairment) -> Double {
        r0 - delayImpairment(oneWayDelayMs: oneWayDelayMs)
            - lossImpairment(lossPercent: lossPercent, burstRatio: burstRatio, codec: codec)
    }

    /// MOS (1 ... 4.5) for a rating R.
    public static func mos(rating r: Double) -> Double {
        if r <= 0 { return 1 }
        if r >= 100 { return 4.5 }
        return 1 + 0.035 * r + 7e-6 * r * (r - 60) * (100 - r)
    }

    /// MOS for the figures a receiver measures: delay it adds itself plus the network's jitter.
    ///
    /// Without RTCP round-trip figures the network delay is unknown, so the delay taken is the
    /// jitter buffer depth + 2 × interarrival jitter + one packet time + `networkDelayMs`.
    public static func mos(
        lossPercent: Double,
        jitterMs: Double,
        jitterBufferMs: Double,
        packetMs: Double,
        networkDelayMs: Double = 0,
        codec: CodecImpairment
    ) -> Double {
        let delay = jitterBufferMs + 2 * jitterMs + packetMs + networkDelayMs
        return mos(rating: rating(oneWayDelayMs: delay, lossPercent: lossPercent, codec: codec))
    }
}

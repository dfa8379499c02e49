import Testing

@testable import CCRCore

@Suite("E-model")
struct EModelTests {
    @Test func perfectG711() {
        // R = 93.2 → MOS = 1 + 3.262 + 7e-6·93.2·33.2·6.8 = 4.4093
        #expect(abs(EModel.mos(rating: 93.2) - 4.4093) < 0.0005)
        #expect(EModel.rating(oneWayDelayMs: 0, lossPercent: 0, codec: .g711) == 93.2)
    }

    @Test func delayImpairment() {
        // Id(100) = 2.4; Id(200) = 4.8 + 0.11·22.7 = 7.297
        #expect(abs(EModel.delayImpairment(oneWayDelayMs: 100) - 2.4) < 1e-9)
        #expect(abs(EModel.delayImpairment(oneWayDelayMs: 200) - 7.297) < 1e-9)
    }

    @Test func lossImpairment() {
        // G.711 with PLC, 2 % random loss: Ie,eff = 95·2/(2 + 25.1) = 7.0111
        #expect(abs(EModel.lossImpairment(lossPercent: 2, codec: .g711) - 7.0111) < 0.0005)
        // R = 93.2 − 2.4 − 7.0111 = 83.789 → MOS = 1 + 2.9326 + 7e-6·83.789·23.789·16.211 = 4.1588
        let r = EModel.rating(oneWayDelayMs: 100, lossPercent: 2, codec: .g711)
        #expect(abs(r - 83.789) < 0.001)
        #expect(abs(EModel.mos(rating: r) - 4.1588) < 0.001)
    }

    @Test func receiverEstimate() {
        // delay = 60 + 2·5 + 20 = 90 ms → Id = 2.16; no loss → R = 91.04
        // → MOS = 1 + 3.1864 + 7e-6·91.04·31.04·8.96 = 4.3636
        let mos = EModel.mos(lossPercent: 0, jitterMs: 5, jitterBufferMs: 60, packetMs: 20, codec: .opus)
        #expect(abs(mos - 4.3636) < 0.001)
    }

    @Test func bounds() {
        #expect(EModel.mos(rating: -5) == 1)
        #expect(EModel.mos(rating: 120) == 4.5)
        #expect(EModel.mos(lossPercent: 100, jitterMs: 500, jitterBufferMs: 1000, packetMs: 20, codec: .g711) < 1.5)
    }

    @Test func networkQualityOverAnIntervalOfTransportCounters() throws {
        let earlier = TransportCounters(lost: 10, expected: 1000, jitterMs: 3, jitterBufferMs: 60, packetMs: 20, codec: .g711)
        var later = earlier
        later.lost = 12
        later.expected = 1100
        later.jitterMs = 5
        // 2 of 100 lost in the interval, at the jitter measured now.
        let interval = try #require(NetworkQuality(from: earlier, to: later))
        #expect(abs(interval.lossPercent - 2) < 1e-9)
        #expect(interval.jitterMs == 5)
        let expected = EModel.mos(lossPercent: 2, jitterMs: 5, jitterBufferMs: 60, packetMs: 20, codec: .g711)
        #expect(abs(interval.mos - expected) < 1e-12)
        // Since the start: 12 of 1100.
        let whole = try #require(NetworkQuality(from: nil, to: later))
        #expect(abs(whole.lossPercent - 1200.0 / 1100) < 1e-9)
        // Nothing expected in between: no figure, rather than a perfect one.
        #expect(NetworkQuality(from: later, to: later) == nil)
    }
}

import Foundation
import TestSupport
import NIOCore
import Testing

@testable import CCRMedia

@Suite("G.711")
struct G711Tests {
    @Test func muLawKnownValues() {
        // ITU-T G.711 Table 2a: 0xFF and 0x7F are the two zeros, 0x00/0x80 the extremes.
        #expect(G711.expandMuLaw(0xFF) == 0)
        #expect(G711.expandMuLaw(0x7F) == 0)
        #expect(G711.expandMuLaw(0x80) == 32124)
        #expect(G711.expandMuLaw(0x00) == -32124)
        #expect(G711.expandMuLaw(0xFE) == 8)
        #expect(G711.expandMuLaw(0x7E) == -8)
        #expect(G711.expandMuLaw(0xEF) == 132)  // first step of segment 1
    }

    @Test func aLawKnownValues() {
        #expect(G711.expandALaw(0xD5) == 8)
        #expect(G711.expandALaw(0x55) == -8)
        #expect(G711.expandALaw(0xAA) == 32256)
        #expect(G711.expandALaw(0x2A) == -32256)
        #expect(G711.expandALaw(0xC5) == 264)
    }

    @Test func tablesAreMonotonicPerSign() {
        // Within the positive half, larger magnitudes map to larger codes (after inversion).
        let positiveMu = (0x80...0xFF).map { G711.muLawTable[$0] }
        #expect(zip(positiveMu, positiveMu.dropFirst()).allSatisfy { $0 >= $1 })
        let negativeMu = (0x00...0x7F).map { G711.muLawTable[$0] }
        #expect(zip(negativeMu, negativeMu.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(Set(G711.aLawTable).count == 256)
        #expect(Set(G711.muLawTable).count == 255)  // two codes for zero
    }

    @Test func decoderDoublesTheRateAndKeepsLevel() throws {
        // A 1 kHz tone at 8 kHz, μ-law encoded by the inverse table search.
        let amplitude = 0.5
        let samples = (0..<1600).map { amplitude * sin(2 * Double.pi * 1000 * Double($0) / 8000) }
        let encoded = samples.map { value -> UInt8 in
            let target = Int16(value * 32767)
            return UInt8(G711.muLawTable.indices.min { abs(Int(G711.muLawTable[$0]) - Int(target)) < abs(Int(G711.muLawTable[$1]) - Int(target)) }!)
        }
        var decoder = G711Decoder(codec: .pcmu)
        var output: [Float] = []
        let produced = try decoder.decode(ByteBuffer(bytes: encoded), into: &output)
        #expect(produced == 3200)
        // RMS after the filter has settled: amplitude / √2.
        let tail = output[400...]
        let rms = (tail.reduce(0) { $0 + Double($1) * Double($1) } / Double(tail.count)).squareRoot()
        #expect(abs(rms - amplitude / 2.0.squareRoot()) < 0.01)
    }

    @Test func silenceKeepsLength() {
        var decoder = G711Decoder(codec: .pcma)
        var output: [Float] = []
        decoder.silence(samples: 321, into: &output)
        #expect(output.count == 321)
        #expect(decoder.conceal(samples: 320, following: nil, into: &output) == 320)
        #expect(output.count == 641)
    }

    @Test func rejectsEmptyPayload() {
        var decoder = G711Decoder(codec: .pcmu)
        var output: [Float] = []
        #expect(throws: AudioDecodeError.emptyPayload) { try decoder.decode(ByteBuffer(), into: &output) }
    }
}

@Suite("Upsampler")
struct UpsamplerTests {
    /// Any split into blocks gives exactly the direct convolution of the whole signal.
    @Test func blocksOfAnySizeMatchTheDirectFilter() {
        var generator = SeededGenerator.forTest()
        let input = (0..<2000).map { _ in Float.random(in: -1...1, using: &generator) }
        let taps = Upsampler.oddPhase
        let n = taps.count
        func x(_ index: Int) -> Float { index >= 0 && index < input.count ? input[index] : 0 }
        var expected: [Float] = []
        for i in 0..<input.count {
            expected.append(x(i - Upsampler.halfLength))
            var odd: Float = 0
            for k in 0..<n { odd += taps[k] * x(i - (n - 1) + k) }
            expected.append(odd)
        }
        for sizes in [[1], [160], [7, 160, 1, 33], [2000]] {
            var upsampler = Upsampler()
            var output: [Float] = []
            var offset = 0
            var turn = 0
            while offset < input.count {
                let size = min(sizes[turn % sizes.count], input.count - offset)
                upsampler.process(contentsOf: input[offset..<(offset + size)], into: &output)
                offset += size
                turn += 1
            }
            #expect(output.count == expected.count)
            #expect(zip(output, expected).allSatisfy { abs($0 - $1) < 1e-5 }, "block sizes \(sizes), CCRD_TEST_SEED=\(generator.seed)")
        }
    }
}

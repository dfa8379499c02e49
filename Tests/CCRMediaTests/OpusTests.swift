import Foundation
import COpus
import NIOCore
import Testing

@testable import CCRMedia

/// Encodes a tone with libopus, as a gateway would, for round-trip tests.
struct OpusToneEncoder {
    let encoder: OpaquePointer
    var phase = 0.0

    init(fec: Bool = false) {
        var error: Int32 = 0
        encoder = opus_encoder_create(48_000, 1, OPUS_APPLICATION_VOIP, &error)!
        _ = ccr_opus_encoder_set_bitrate(encoder, 24_000)
        if fec {
            _ = ccr_opus_encoder_set_inband_fec(encoder, 1)
            _ = ccr_opus_encoder_set_packet_loss_perc(encoder, 20)
        }
    }

    /// One 20 ms packet of a sine at `frequency` Hz and `amplitude` (full scale 1).
    mutating func packet(frequency: Double = 440, amplitude: Double = 0.5) -> ByteBuffer {
        var pcm = [Int16](repeating: 0, count: 960)
        for index in pcm.indices {
            pcm[index] = Int16(amplitude * 32767 * sin(phase))
            phase += 2 * Double.pi * frequency / 48_000
        }
        var out = [UInt8](repeating: 0, count: 1500)
        let length = opus_encode(encoder, pcm, 960, &out, 1500)
        return ByteBuffer(bytes: out.prefix(Int(length)))
    }

    func destroy() { opus_encoder_destroy(encoder) }
}

@Suite("Opus")
struct OpusTests {
    @Test func roundTripKeepsDurationAndLevel() throws {
        var encoder = OpusToneEncoder()
        defer { encoder.destroy() }
        let decoder = try OpusDecoder()
        var output: [Float] = []
        for _ in 0..<100 {
            let packet = encoder.packet()
            #expect(OpusDecoder.sampleCount(of: packet) == 320)
            #expect(try decoder.decode(packet, into: &output) == 320)
        }
        #expect(output.count == 32_000)
        let tail = output[8000...]
        let rms = (tail.reduce(0) { $0 + Double($1) * Double($1) } / Double(tail.count)).squareRoot()
        let dB = 20 * log10(rms)
        #expect(abs(dB - 20 * log10(0.5 / 2.0.squareRoot())) < 1)
    }

    @Test func concealsLossWithPLCAndFEC() throws {
        var encoder = OpusToneEncoder(fec: true)
        defer { encoder.destroy() }
        let decoder = try OpusDecoder()
        var output: [Float] = []
        let packets = (0..<20).map { _ in encoder.packet() }
        for packet in packets[0..<10] { _ = try decoder.decode(packet, into: &output) }
        // Packet 10 lost: recover it from packet 11.
        #expect(decoder.conceal(samples: 320, following: packets[11], into: &output) == 320)
        _ = try decoder.decode(packets[11], into: &output)
        // Packets 12 and 13 lost with nothing after: plain concealment.
        #expect(decoder.conceal(samples: 640, following: nil, into: &output) == 640)
        #expect(output.count == 14 * 320)
    }

    @Test func rejectsGarbage() throws {
        let decoder = try OpusDecoder()
        var output: [Float] = []
        #expect(throws: AudioDecodeError.self) {
            try decoder.decode(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF]), into: &output)
        }
        #expect(throws: AudioDecodeError.emptyPayload) { try decoder.decode(ByteBuffer(), into: &output) }
        #expect(OpusDecoder.sampleCount(of: ByteBuffer()) == nil)
    }
}

import BenchSupport
import CCRMedia
import COpus
import Foundation

/// The benchmark's speech: a two-leg conversation synthesized with espeak-ng and sox (agent,
/// then customer, no pause of 3 s or more), encoded once to 20 ms Opus (24 kb/s) and PCMU
/// packets per leg, plus one packet of encoded silence per codec for scripted dead air.
struct Corpus {
    let directory: String
    let agent: [Float]
    let customer: [Float]
    let opus: (agent: [[UInt8]], customer: [[UInt8]])

    static let agentText =
        "Good morning, this is Paul from the billing team. What can I do for you today? Let me check that for you, one moment please. I can see the charge on your account and I will refund it now."
    static let customerText =
        "Hi, my internet has been down since yesterday evening and I was charged twice this month. Is anyone there? I really need this fixed today."

    static func make(in directory: String) throws -> Corpus {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        func path(_ name: String) -> String { "\(directory)/\(name)" }
        try Shell.run("espeak-ng", ["-v", "en-us", "-w", path("a.wav"), agentText])
        try Shell.run("espeak-ng", ["-v", "en+f3", "-w", path("c.wav"), customerText])
        try Shell.run("sox", ["-V1", path("a.wav"), "-r", "16000", "-c", "1", "-b", "16", path("a16.wav"), "pad", "0", "12"])
        try Shell.run("sox", ["-V1", path("c.wav"), "-r", "16000", "-c", "1", "-b", "16", path("c16.wav"), "pad", "11", "1"])
        try Shell.run("sox", ["-V1", "-M", path("a16.wav"), path("c16.wav"), path("conversation.wav"), "trim", "0", "24"])
        let wav = try WAVFile(path: path("conversation.wav"))
        let agent = wav.channels[0]
        let customer = wav.channels[1]
        // Opus is encoded from 48 kHz audio, as a gateway's encoder would be fed.
        try Shell.run("sox", ["-V1", path("conversation.wav"), "-r", "48000", "-b", "16", "-e", "signed", "-t", "raw", path("conversation48.raw")])
        let interleaved = try Self.readInt16(path("conversation48.raw"))
        let agent48 = stride(from: 0, to: interleaved.count - 1, by: 2).map { Float(interleaved[$0]) / 32768 }
        let customer48 = stride(from: 1, to: interleaved.count, by: 2).map { Float(interleaved[$0]) / 32768 }
        let opusAgent = try encodeOpus(agent48)
        let opusCustomer = try encodeOpus(customer48)
        try PacketFile.write(opusAgent, to: path("agent.opus.pk"))
        try PacketFile.write(opusCustomer, to: path("customer.opus.pk"))
        try PacketFile.write([try encodeOpus([Float](repeating: 0, count: 960 * 10)).last!], to: path("silence.opus.pk"))
        try PacketFile.write(encodePCMU(agent), to: path("agent.pcmu.pk"))
        try PacketFile.write(encodePCMU(customer), to: path("customer.pcmu.pk"))
        try PacketFile.write([[UInt8](repeating: 0xFF, count: 160)], to: path("silence.pcmu.pk"))
        return Corpus(directory: directory, agent: agent, customer: customer, opus: (opusAgent, opusCustomer))
    }

    enum Failure: Error, CustomStringConvertible {
        case encoder(Int32)
        var description: String {
            switch self {
            case .encoder(let code): "libopus encoder failed (\(code))"
            }
        }
    }

    static func readInt16(_ path: String) throws -> [Int16] {
        guard let data = FileManager.default.contents(atPath: path) else { throw BenchError.tool("cannot read \(path)") }
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }

    /// 48 kHz mono → 20 ms Opus packets at 24 kb/s, VoIP mode, wideband (as gateways send to a
    /// 16 kHz receiver).
    static func encodeOpus(_ samples: [Float]) throws -> [[UInt8]] {
        var error: Int32 = 0
        guard let encoder = opus_encoder_create(48_000, 1, OPUS_APPLICATION_VOIP, &error), error == OPUS_OK else {
            throw Failure.encoder(error)
        }
        defer { opus_encoder_destroy(encoder) }
        _ = ccr_opus_encoder_set_bitrate(encoder, 24_000)
        // Telephone speech, sent to a receiver that decodes at 16 kHz (SDP maxplaybackrate=16000):
        // a gateway's encoder stays within wideband.
        _ = ccr_opus_encoder_set_max_bandwidth(encoder, OPUS_BANDWIDTH_WIDEBAND)
        var packets: [[UInt8]] = []
        var output = [UInt8](repeating: 0, count: 1500)
        var offset = 0
        while offset + 960 <= samples.count {
            let length = samples[offset..<(offset + 960)].withContiguousStorageIfAvailable { frame in
                opus_encode_float(encoder, frame.baseAddress!, 960, &output, 1500)
            } ?? -1
            guard length > 0 else { throw Failure.encoder(length) }
            packets.append(Array(output[0..<Int(length)]))
            offset += 960
        }
        return packets
    }

    /// 16 kHz → 8 kHz (pairs averaged) → μ-law, 160 bytes per 20 ms.
    static func encodePCMU(_ samples: [Float]) -> [[UInt8]] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(samples.count / 2)
        var index = 0
        while index + 1 < samples.count {
            let value = (samples[index] + samples[index + 1]) / 2
            bytes.append(muLaw(Int16(max(-32768, min(32767, value * 32767)))))
            index += 2
        }
        return stride(from: 0, to: bytes.count - 159, by: 160).map { Array(bytes[$0..<($0 + 160)]) }
    }

    /// ITU-T G.711 μ-law encoding of one 16-bit sample.
    static func muLaw(_ sample: Int16) -> UInt8 {
        let bias = 0x84
        var value = Int(sample)
        let sign = value < 0 ? 0x80 : 0
        if value < 0 { value = -value }
        value = min(value, 32635) + bias
        var exponent = 7
        var mask = 0x4000
        while exponent > 0 && value & mask == 0 {
            exponent -= 1
            mask >>= 1
        }
        let mantissa = (value >> (exponent + 3)) & 0x0F
        return ~UInt8(sign | (exponent << 4) | mantissa)
    }
}

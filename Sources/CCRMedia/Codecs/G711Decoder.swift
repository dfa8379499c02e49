import NIOCore

/// Decodes G.711 (PCMU or PCMA) payloads to 16 kHz: table expansion, then 2× interpolation.
public struct G711Decoder: AudioDecoder {
    private let table: [Int16]
    private var upsampler = Upsampler()

    public init(codec: Codec) {
        precondition(codec != .opus, "G711Decoder decodes PCMU and PCMA only")
        table = codec == .pcmu ? G711.muLawTable : G711.aLawTable
    }

    public mutating func decode(_ payload: ByteBuffer, into output: inout [Float]) throws(AudioDecodeError) -> Int {
        guard payload.readableBytes > 0 else { throw .emptyPayload }
        let before = output.count
        let table = self.table
        payload.withUnsafeReadableBytes { bytes in
            upsampler.process(contentsOf: bytes.lazy.map { Float(table[Int($0)]) / 32768 }, into: &output)
        }
        return output.count - before
    }

    public mutating func conceal(samples: Int, following: ByteBuffer?, into output: inout [Float]) -> Int {
        silence(samples: samples, into: &output)
        return samples
    }

    public mutating func silence(samples: Int, into output: inout [Float]) {
        upsampler.process(contentsOf: repeatElement(Float(0), count: samples / 2), into: &output)
        if samples % 2 == 1 { output.append(0) }
    }
}

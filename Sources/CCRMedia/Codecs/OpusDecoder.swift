import COpus
import NIOCore

/// Decodes an Opus stream (RFC 7587) with libopus straight to 16 kHz mono.
///
/// Lost packets are recovered from the next packet's in-band FEC when it carries any;
/// otherwise libopus conceals them (PLC). One instance per leg: decoder state is per stream.
public final class OpusDecoder: AudioDecoder {
    /// Longest Opus packet: 120 ms at 16 kHz.
    static let maxSamples = 1920
    /// Concealment works in multiples of 2.5 ms (40 samples at 16 kHz).
    static let concealQuantum = 40

    private let decoder: OpaquePointer
    private var scratch: [Float]

    /// Opus decoder failure at creation: libopus is missing or broken.
    public struct CreationError: Error, CustomStringConvertible {
        public var code: Int32
        public var description: String { "libopus could not create a 16 kHz decoder (error \(code))" }
    }

    public init() throws(CreationError) {
        var error: Int32 = 0
        guard let decoder = opus_decoder_create(16_000, 1, &error), error == OPUS_OK else {
            throw CreationError(code: error)
        }
        self.decoder = decoder
        self.scratch = Array(repeating: 0, count: Self.maxSamples)
    }

    deinit {
        opus_decoder_destroy(decoder)
    }

    /// Samples at 16 kHz that a payload holds, or nil when it is not valid Opus.
    public static func sampleCount(of payload: ByteBuffer) -> Int? {
        payload.withUnsafeReadableBytes { bytes -> Int? in
            guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
            let count = opus_packet_get_nb_samples(
                base.assumingMemoryBound(to: UInt8.self), opus_int32(bytes.count), 16_000)
            return count > 0 ? Int(count) : nil
        }
    }

    public func decode(_ payload: ByteBuffer, into output: inout [Float]) throws(AudioDecodeError) -> Int {
        guard payload.readableBytes > 0 else { throw .emptyPayload }
        let decoded = run(payload, frameSize: Self.maxSamples, fec: false)
        guard decoded > 0 else { throw .invalidPayload(code: decoded) }
        output.append(contentsOf: scratch[0..<Int(decoded)])
        return Int(decoded)
    }

    public func conceal(samples: Int, following: ByteBuffer?, into output: inout [Float]) -> Int {
        var remaining = samples
        var produced = 0
        // libopus recovers at most the packet just before `following`; conceal the rest first.
        let fecSamples = following.flatMap { OpusDecoder.sampleCount(of: $0) }.map { min($0, remaining) } ?? 0
        while remaining - fecSamples > 0 {
            let chunk = min(remaining - fecSamples, Self.maxSamples)
            let size = max(Self.concealQuantum, chunk - chunk % Self.concealQuantum)
            let got = run(nil, frameSize: size, fec: false)
            if got <= 0 { break }
            output.append(contentsOf: scratch[0..<Int(got)])
            produced += Int(got)
            remaining -= Int(got)
        }
        if fecSamples > 0, remaining > 0, let following {
            let size = min(remaining, fecSamples)
            let got = run(following, frameSize: size - size % Self.concealQuantum, fec: true)
            if got > 0 {
                output.append(contentsOf: scratch[0..<Int(got)])
                produced += Int(got)
            }
        }
        return produced
    }

    public func silence(samples: Int, into output: inout [Float]) {
        output.append(contentsOf: repeatElement(0, count: samples))
    }

    private func run(_ payload: ByteBuffer?, frameSize: Int, fec: Bool) -> Int32 {
        guard frameSize > 0 else { return 0 }
        return scratch.withUnsafeMutableBufferPointer { pcm in
            guard let payload else {
                return opus_decode_float(decoder, nil, 0, pcm.baseAddress!, opus_int32(frameSize), 0)
            }
            return payload.withUnsafeReadableBytes { bytes in
                opus_decode_float(
                    decoder, bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), opus_int32(bytes.count),
                    pcm.baseAddress!, opus_int32(frameSize), fec ? 1 : 0)
            }
        }
    }
}

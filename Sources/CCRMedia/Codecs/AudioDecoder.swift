import NIOCore

/// Turns one leg's payloads into 16 kHz mono samples and fills gaps when packets are lost.
public protocol AudioDecoder {
    /// Decodes one payload, appending 16 kHz samples to `output`; returns how many were appended.
    mutating func decode(_ payload: ByteBuffer, into output: inout [Float]) throws(AudioDecodeError) -> Int

    /// Appends `samples` samples standing in for a lost packet: recovered from `following`
    /// where the codec can (Opus in-band FEC), otherwise concealment or silence.
    mutating func conceal(samples: Int, following: ByteBuffer?, into output: inout [Float]) -> Int

    /// Appends `samples` samples of silence, keeping any filter state continuous.
    mutating func silence(samples: Int, into output: inout [Float])
}

import CCRMedia
import Foundation
import NIOCore

/// Step 1: libopus decoding the corpus packets straight to 16 kHz, nothing else: the cost no
/// Opus ingest can go below.
enum DecodeFloor {
    struct Result: Codable {
        var packets: Int
        var audioSeconds: Double
        var cpuSeconds: Double
        var cpuSecondsPerStreamHour: Double
        var timesRealTime: Double
    }

    static func run(_ corpus: Corpus, minimumSeconds: Double = 3) throws -> Result {
        let packets = (corpus.opus.agent + corpus.opus.customer).map { ByteBuffer(bytes: $0) }
        var output: [Float] = []
        output.reserveCapacity(1024)
        var decoded = 0
        var warm = try OpusDecoder()
        for packet in packets.prefix(100) { _ = try? warm.decode(packet, into: &output); output.removeAll(keepingCapacity: true) }
        let start = CPUClock.threadSeconds()
        while CPUClock.threadSeconds() - start < minimumSeconds {
            // A new decoder per pass, as each stream has its own.
            warm = try OpusDecoder()
            for packet in packets {
                _ = try? warm.decode(packet, into: &output)
                output.removeAll(keepingCapacity: true)
                decoded += 1
            }
        }
        let cpu = CPUClock.threadSeconds() - start
        let audio = Double(decoded) * 0.02
        return Result(
            packets: decoded, audioSeconds: audio, cpuSeconds: cpu, cpuSecondsPerStreamHour: cpu / audio * 3600,
            timesRealTime: audio / cpu)
    }
}

import CCRCore
import CCRMedia
import NIOCore

/// Fuzz target: a leg's whole receive path — RTP/RTCP parsing, source learning, payload types,
/// jitter buffer, decoding (PCMU and Opus), concealment, silence fill, reframing — fed datagrams
/// from several senders with arrival times the input chooses.
///
/// Input: repeated `[length][sender][arrival step][length bytes of datagram]`.
public enum RTPReceivePath {
    public static func run(_ data: [UInt8]) {
        var input = FuzzInput(data)
        let senders = (0..<3).map { try! SocketAddress(ipAddress: "127.0.0.\($0 + 1)", port: 5004 + $0) }
        var legs: [RTPLeg] = []
        for (codec, types) in [(Codec.pcmu, Set<UInt8>([0])), (Codec.opus, Set<UInt8>(96...127))] {
            guard
                let leg = try? RTPLeg(
                    leg: .agent,
                    settings: .init(
                        codec: codec, payloadTypes: types, jitterBufferMilliseconds: 60, maxSilenceFillSamples: 16_000,
                        learningPackets: 2, resyncThresholdSamples: 16_000))
            else { return }
            legs.append(leg)
        }
        var arrival: Int64 = 0
        var samples = 0
        var datagrams = 0
        while !input.isAtEnd && datagrams < 512 {
            let length = Int(input.byte()) * 2
            let sender = senders[Int(input.byte()) % senders.count]
            arrival += Int64(input.byte()) * 1_000_000
            let datagram = ByteBuffer(bytes: input.take(length))
            datagrams += 1
            _ = RTCPPacket.contents(of: datagram)
            for index in legs.indices {
                _ = legs[index].receive(datagram, from: sender, arrival: arrival, origin: arrival / MediaClock.nanosecondsPerSample) { samples += $0.samples.count }
                if datagrams % 16 == 0 {
                    legs[index].fillSilence(now: arrival + 500_000_000, margin: 300_000_000) { samples += $0.samples.count }
                }
            }
        }
        for index in legs.indices {
            legs[index].finish { samples += $0.samples.count }
            _ = legs[index].figures
        }
        // The media made can never run ahead of the time that passed by more than the bounds.
        let limit = (Int(arrival / MediaClock.nanosecondsPerSample) + 16_000 * 2 + datagrams * 6_000) * legs.count
        precondition(samples <= limit, "\(samples) samples from \(datagrams) datagrams over \(arrival) ns")
    }
}

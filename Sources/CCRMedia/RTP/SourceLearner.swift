import NIOCore

/// Learns which address a leg's RTP comes from before the leg latches on to it: only a run of
/// packets in sequence (same SSRC, sequence numbers +1) from one address teaches it, so one
/// stray or forged datagram cannot take a leg over. Asterisk's `strictrtp` learns the same way.
///
/// Runs are kept per address (a few at once), so packets of another sender interleaved with
/// the gateway's do not break the gateway's run; a packet out of sequence restarts its own
/// address's run only.
struct SourceLearner {
    /// Packets in sequence needed; 1 latches on the first packet.
    let required: Int
    /// Addresses followed at once; a new one replaces the one heard from least recently.
    static let maxCandidates = 4

    private struct Run {
        var address: SocketAddress
        var ssrc: UInt32
        var lastSequence: UInt16
        var length: Int
        var lastSeen: Int
    }

    private var runs: [Run] = []
    private var clock = 0

    init(required: Int) {
        self.required = max(1, required)
    }

    /// What an observed packet did.
    struct Observation: Equatable {
        /// The run of `address` is long enough: latch on to it.
        var learned: Bool
        /// This address's earlier run was broken (or it was evicted): packets held for it are void.
        var restartedAddress: SocketAddress?
    }

    /// Takes one valid RTP packet's sender and header.
    mutating func observe(address: SocketAddress, ssrc: UInt32, sequence: UInt16) -> Observation {
        clock += 1
        var restarted: SocketAddress?
        if let index = runs.firstIndex(where: { $0.address == address }) {
            if runs[index].ssrc == ssrc, sequence == runs[index].lastSequence &+ 1 {
                runs[index].length += 1
            } else {
                runs[index].ssrc = ssrc
                runs[index].length = 1
                restarted = address
            }
            runs[index].lastSequence = sequence
            runs[index].lastSeen = clock
            return Observation(learned: runs[index].length >= required, restartedAddress: restarted)
        }
        if runs.count >= Self.maxCandidates, let oldest = runs.indices.min(by: { runs[$0].lastSeen < runs[$1].lastSeen }) {
            restarted = runs[oldest].address
            runs.remove(at: oldest)
        }
        runs.append(Run(address: address, ssrc: ssrc, lastSequence: sequence, length: 1, lastSeen: clock))
        return Observation(learned: required <= 1, restartedAddress: restarted)
    }
}

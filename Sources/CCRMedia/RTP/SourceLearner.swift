import NIOCore

/// Learns which address a leg's RTP comes from before the leg latches on to it: only a run of
/// packets in sequence (same SSRC, sequence numbers +1) from one address teaches it, so one
/// stray or forged datagram cannot take a leg over. Asterisk's `strictrtp` learns the same way.
///
/// A packet from another address, another SSRC or out of sequence starts the run again with
/// that packet; `observe` says when the run is long enough.
struct SourceLearner {
    /// Packets in sequence needed; 1 latches on the first packet.
    let required: Int
    private(set) var candidate: SocketAddress?
    private var ssrc: UInt32 = 0
    private var lastSequence: UInt16 = 0
    private(set) var run = 0

    init(required: Int) {
        self.required = max(1, required)
    }

    /// Takes one valid RTP packet's sender and header; true once `required` packets in sequence
    /// came from `address`. `restarted` is true when this packet began a new run from another
    /// candidate (what was held for the old one is not to be used).
    mutating func observe(address: SocketAddress, ssrc: UInt32, sequence: UInt16) -> (learned: Bool, restarted: Bool) {
        var restarted = false
        if candidate == address, self.ssrc == ssrc, sequence == lastSequence &+ 1 {
            run += 1
        } else {
            restarted = candidate != nil
            candidate = address
            self.ssrc = ssrc
            run = 1
        }
        lastSequence = sequence
        return (run >= required, restarted)
    }
}

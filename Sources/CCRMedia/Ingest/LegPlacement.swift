import CCRCore

/// Where a call's legs sit on its media timeline relative to each other.
///
/// Each leg is first placed by the arrival of its first packet. Two senders rarely start within
/// the same 20 ms, and a leg that comes over a slower path arrives late for its audio, so arrival
/// puts a leg off by that much. Gateways that send RTCP sender reports say when, by their wall
/// clock, each stream's samples were taken: with both legs' reports the legs are placed exactly.
///
/// So a two-leg call holds its first frames (at most `wait` from its first media) until every leg
/// knows its sender clock; then each leg is shifted by what the clocks say (by whole frames) and
/// the held frames go on. Without reports by then, arrival stands. A shift larger than
/// `maxCorrection` means the senders' clocks are not one clock: arrival stands too.
struct LegPlacement {
    /// How the legs ended up placed.
    enum Basis: String, Sendable {
        /// By their senders' clocks (RTCP sender reports).
        case senderClock
        /// By the arrival of each leg's first packet.
        case arrival
    }

    let wait: Int64
    let maxCorrection: Int64
    /// Whether the placement is decided (frames then flow straight on).
    private(set) var isSettled: Bool
    private(set) var basis: Basis = .arrival
    private var pending: [Frame] = []
    private var agentShift: Int64 = 0
    private var customerShift: Int64 = 0
    /// Frames held at most, whatever the wait: 5 s of two legs.
    static let maxPending = 500

    /// `legs`: how many legs the call has; one leg needs no placing.
    init(legs: Int, wait: Duration, maxCorrection: Duration = .seconds(2)) {
        self.wait = MediaClock.nanoseconds(wait)
        self.maxCorrection = MediaClock.samples(maxCorrection)
        self.isSettled = legs < 2 || wait <= .zero
    }

    /// The correction applied to a leg, 16 kHz samples (positive: later than it arrived).
    func shift(of leg: Leg) -> Int64 { leg == .agent ? agentShift : customerShift }

    /// A frame placed where its leg belongs.
    /// Held frames go out in media-time order, the agent's first at the same time.
    static func deliveredBefore(_ first: Frame, _ second: Frame) -> Bool {
        if first.start != second.start { return first.start < second.start }
        return first.leg == .agent && second.leg != .agent
    }

    func placed(_ frame: Frame) -> Frame {
        var frame = frame
        frame.start += shift(of: frame.leg)
        return frame
    }

    /// Holds a frame while the placement is undecided; false once it is (deliver it placed).
    mutating func hold(_ frame: Frame) -> Bool {
        guard !isSettled else { return false }
        pending.append(frame)
        return true
    }

    /// Whether to decide now: every leg knows its sender clock, the wait is over since the first
    /// media (`firstMedia`, monotonic nanoseconds), the hold is full, or the call is ending.
    func isReady(clocks: [SenderClock?], firstMedia: Int64?, now: Int64, ending: Bool) -> Bool {
        guard !isSettled else { return false }
        if ending || pending.count >= Self.maxPending { return true }
        if !clocks.isEmpty && clocks.allSatisfy({ $0 != nil }) { return true }
        guard let firstMedia else { return false }
        return now - firstMedia >= wait
    }

    /// Decides the placement from the legs' sender clocks (agent first, customer second, as
    /// known) and returns the held frames, placed and in media-time order, with how many frames
    /// one leg's audio now runs behind the other's (the analysis must wait that much longer).
    mutating func settle(agent: SenderClock?, customer: SenderClock?) -> (frames: [Frame], lagFrames: Int64) {
        isSettled = true
        var lag: Int64 = 0
        if let agent, let customer {
            // Where the customer's clock says its first sample goes, against where it was put.
            let samples = (customer.wallClock - agent.wallClock) * Double(Frame.sampleRate)
            if samples.isFinite, abs(samples) < Double(Int64.max / 4) {
                let desired = agent.position + Int64(samples.rounded())
                let frame = Int64(Frame.sampleCount)
                var correction = desired - customer.position
                correction = (correction >= 0 ? correction + frame / 2 : correction - frame / 2) / frame * frame
                if abs(correction) <= maxCorrection {
                    basis = .senderClock
                    customerShift = correction
                    // Nothing before media time 0: move both legs later if the customer's
                    // audio now starts before it.
                    let starts = pending.filter { $0.leg == .customer }.map(\.start)
                    if let first = starts.min(), first + correction < 0 {
                        let lift = (-(first + correction) + frame - 1) / frame * frame
                        agentShift += lift
                        customerShift += lift
                    }
                    lag = abs(correction) / frame
                }
            }
        }
        let frames: [Frame] = pending.map(placed).sorted(by: Self.deliveredBefore)
        pending = []
        return (frames, lag)
    }
}

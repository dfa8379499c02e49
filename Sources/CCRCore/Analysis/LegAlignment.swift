/// Pairs a call's two legs on media time. Each leg's frames come in order but the legs come
/// apart (separate sockets, separate jitter buffers); analysis needs both at each frame index.
///
/// `next` hands out frame indices in order, each with the legs' frames, once every leg the
/// call has delivered that frame — or left a gap (its next frame is later), or is more than
/// `skewFrames` behind the other, or the call is over: then that leg is taken as silent there.
/// A frame that comes after its index was handed out is late: dropped and counted.
struct LegAlignment: Sendable {
    /// One frame index, with each leg's frame (nil: silent there, or the call has no such leg).
    struct Step {
        var index: Int64
        var agent: Frame?
        var customer: Frame?
    }

    /// The legs the call has (two Booleans: checked for every frame, cheaper than a set).
    let hasAgent: Bool
    let hasCustomer: Bool
    private(set) var skewFrames: Int64
    private var agentQueue: [Frame] = []
    private var customerQueue: [Frame] = []
    /// Highest frame index delivered by any leg.
    private var lastDelivered: Int64 = -1
    /// Last frame index handed out.
    private(set) var aligned: Int64 = -1
    /// Frames that came after their index was handed out (or for a leg the call does not have).
    private(set) var lateFrames = 0

    init(legs: [Leg], skewFrames: Int64) {
        self.hasAgent = legs.contains(.agent)
        self.hasCustomer = legs.contains(.customer)
        self.skewFrames = max(1, skewFrames)
    }

    /// Waits `frames` longer for a lagging leg: its path is known to be that much slower.
    mutating func widenSkew(by frames: Int64) {
        skewFrames += max(0, frames)
    }

    private static func index(_ frame: Frame) -> Int64 { frame.start / Int64(Frame.sampleCount) }

    /// Takes one frame of a leg; false when it is late.
    mutating func add(_ frame: Frame) -> Bool {
        let index = Self.index(frame)
        guard index > aligned, frame.leg == .agent ? hasAgent : hasCustomer else {
            lateFrames += 1
            return false
        }
        if frame.leg == .agent { agentQueue.append(frame) } else { customerQueue.append(frame) }
        lastDelivered = max(lastDelivered, index)
        return true
    }

    /// The next frame index once it is ready; with `final`, everything delivered is ready.
    mutating func next(final: Bool) -> Step? {
        let index = aligned + 1
        if final && agentQueue.isEmpty && customerQueue.isEmpty && index > lastDelivered { return nil }
        let silentAllowed = final || lastDelivered - index >= skewFrames
        let agentReady = !hasAgent || Self.isReady(&agentQueue, index, silentAllowed)
        let customerReady = !hasCustomer || Self.isReady(&customerQueue, index, silentAllowed)
        guard agentReady && customerReady else { return nil }
        aligned = index
        return Step(
            index: index, agent: hasAgent ? Self.pop(&agentQueue, index) : nil,
            customer: hasCustomer ? Self.pop(&customerQueue, index) : nil)
    }

    /// Whether the queue can give frame `index` (or a gap), after dropping older frames.
    private static func isReady(_ queue: inout [Frame], _ index: Int64, _ silentAllowed: Bool) -> Bool {
        while let first = queue.first, Self.index(first) < index { queue.removeFirst() }
        return !queue.isEmpty || silentAllowed
    }

    /// The queue's frame for `index`, or nil for a gap.
    private static func pop(_ queue: inout [Frame], _ index: Int64) -> Frame? {
        guard let first = queue.first, Self.index(first) == index else { return nil }
        return queue.removeFirst()
    }
}

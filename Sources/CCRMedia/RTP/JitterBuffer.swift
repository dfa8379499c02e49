/// Puts one stream's RTP packets back in order and says which never came.
///
/// A plain data structure (no clock, no I/O), in the manner of pion's jitterbuffer: `insert`
/// takes packets as they arrive, `next` hands them out in sequence order. A missing packet is
/// waited for until the newest arrival is more than `depth` timestamp units past the last one
/// handed out; then its slot comes out as `.lost` (with the following packet when buffered,
/// so an Opus decoder can recover it from in-band FEC). `drain` empties the buffer when the
/// stream goes quiet or ends. Analysis runs on media time, so nothing here waits on a clock
/// for packets that are in order: they come out at once.
public struct JitterBuffer<Element> {
    /// What `insert` did with a packet.
    public enum Arrival: Equatable, Sendable {
        /// Buffered in order.
        case accepted
        /// Buffered, but it arrived after a packet with a higher sequence number.
        case reordered
        /// The same sequence number is buffered or was already handed out; dropped.
        case duplicate
        /// Its slot was already given up as lost; dropped.
        case late
    }

    /// One slot handed out by `next`.
    public enum Slot {
        case packet(sequence: Int64, timestamp: Int64, element: Element)
        /// No packet came for this sequence number; `following` is the next packet if buffered.
        case lost(sequence: Int64, following: Element?)
    }

    /// Running counts, for the leg's statistics.
    public struct Statistics: Sendable, Equatable {
        public var accepted = 0
        public var reordered = 0
        public var duplicates = 0
        public var late = 0
        public var lost = 0
        public var released = 0
        /// Times the stream jumped by more than the buffer can hold (confirmed by two
        /// consecutive packets) and was restarted.
        public var resyncs = 0
    }

    private enum Entry {
        case empty
        case buffered(sequence: Int64, timestamp: Int64, element: Element)
        /// Already handed out; `received` tells a duplicate from a late packet.
        case done(sequence: Int64, received: Bool)
    }

    /// Slots kept; a jump ahead by more than this restarts the buffer.
    public static var capacity: Int { 256 }

    /// How far (in timestamp units) the newest arrival may run ahead of a gap before the gap is lost.
    public let depth: Int64
    public private(set) var statistics = Statistics()

    private var entries: [Entry]
    private var sequences = SequenceUnwrapper()
    private var timestamps = TimestampUnwrapper()
    /// Next sequence number to hand out; nil before the first packet.
    private var nextSequence: Int64?
    private var highestSequence: Int64 = 0
    private var highestTimestamp: Int64 = 0
    private var lastReleasedTimestamp: Int64?
    private var bufferedCount = 0
    /// A packet far ahead, kept until the next one shows whether the sender really jumped.
    private var resyncCandidate: (sequence: UInt16, timestamp: UInt32, element: Element)?
    /// Slots drained at a restart, handed out before anything else.
    private var pending: [Slot] = []

    public init(depth: Int64) {
        precondition(depth >= 0)
        self.depth = depth
        self.entries = Array(repeating: .empty, count: Self.capacity)
    }

    /// Packets waiting in the buffer.
    public var count: Int { bufferedCount + pending.count }

    /// Forgets the stream (a new SSRC starts a new sequence space) but keeps the counts, which
    /// are the leg's. Drain first: what is buffered is dropped.
    public mutating func restart() {
        let counts = statistics
        self = JitterBuffer(depth: depth)
        statistics = counts
    }

    @inline(__always)
    private func index(_ sequence: Int64) -> Int {
        Int(truncatingIfNeeded: sequence) & (Self.capacity - 1)
    }

    /// Takes an arriving packet.
    @discardableResult
    public mutating func insert(sequenceNumber: UInt16, timestamp: UInt32, element: Element) -> Arrival {
        guard let next = nextSequence else {
            let sequence = sequences.unwrap(sequenceNumber)
            let time = timestamps.unwrap(timestamp)
            nextSequence = sequence
            highestSequence = sequence
            highestTimestamp = time
            return store(sequence, time, element, arrival: .accepted)
        }
        // Where the number falls, without moving the unwrapper for packets that are dropped.
        let distance = Int64(Int16(bitPattern: sequenceNumber &- UInt16(truncatingIfNeeded: next)))
        let sequence = next + distance
        if sequence < next {
            if case .done(let doneSequence, let received) = entries[index(sequence)], doneSequence == sequence,
                received
            {
                statistics.duplicates += 1
                return .duplicate
            }
            // Behind the playout point (however far): too late to use.
            statistics.late += 1
            return .late
        }
        if sequence - next >= Int64(Self.capacity) {
            return jump(sequenceNumber, timestamp, element)
        }
        resyncCandidate = nil
        if case .buffered(let buffered, _, _) = entries[index(sequence)], buffered == sequence {
            statistics.duplicates += 1
            return .duplicate
        }
        _ = sequences.unwrap(sequenceNumber)
        let time = timestamps.unwrap(timestamp)
        let arrival: Arrival = sequence < highestSequence ? .reordered : .accepted
        if sequence > highestSequence { highestSequence = sequence }
        if time > highestTimestamp { highestTimestamp = time }
        return store(sequence, time, element, arrival: arrival)
    }

    /// A packet far ahead of the playout point: a restarted sender, or a stray. Only a second
    /// packet that follows it confirms a restart; a lone one is dropped (counted as late).
    private mutating func jump(_ sequenceNumber: UInt16, _ timestamp: UInt32, _ element: Element) -> Arrival {
        guard let candidate = resyncCandidate, sequenceNumber == candidate.sequence &+ 1 else {
            resyncCandidate = (sequenceNumber, timestamp, element)
            statistics.late += 1
            return .late
        }
        resyncCandidate = nil
        // What is still buffered plays first, gaps as lost; then the new run starts.
        pending.append(contentsOf: drain())
        for slot in entries.indices { entries[slot] = .empty }
        statistics.resyncs += 1
        statistics.late -= 1  // the candidate is used after all
        sequences = SequenceUnwrapper()
        timestamps = TimestampUnwrapper()
        let first = sequences.unwrap(candidate.sequence)
        let firstTime = timestamps.unwrap(candidate.timestamp)
        nextSequence = first
        highestSequence = first
        highestTimestamp = firstTime
        lastReleasedTimestamp = nil
        _ = store(first, firstTime, candidate.element, arrival: .accepted)
        let second = sequences.unwrap(sequenceNumber)
        let secondTime = timestamps.unwrap(timestamp)
        highestSequence = second
        highestTimestamp = max(firstTime, secondTime)
        return store(second, secondTime, element, arrival: .accepted)
    }

    private mutating func store(_ sequence: Int64, _ time: Int64, _ element: Element, arrival: Arrival) -> Arrival {
        entries[index(sequence)] = .buffered(sequence: sequence, timestamp: time, element: element)
        bufferedCount += 1
        if arrival == .reordered { statistics.reordered += 1 }
        statistics.accepted += 1
        return arrival
    }

    /// The next slot that is ready, or nil when the head is still worth waiting for.
    public mutating func next() -> Slot? {
        if !pending.isEmpty { return pending.removeFirst() }
        guard let sequence = nextSequence, bufferedCount > 0 else { return nil }
        let slot = index(sequence)
        if case .buffered(let buffered, let time, let element) = entries[slot], buffered == sequence {
            return release(sequence, time, element)
        }
        // The head is missing: give it up once later packets are far enough ahead.
        let waited = highestTimestamp - (lastReleasedTimestamp ?? highestTimestamp)
        let tooMany = highestSequence - sequence >= Int64(Self.capacity / 2)
        guard waited > depth || tooMany else { return nil }
        return loseHead(sequence)
    }

    /// Hands out everything buffered, gaps as lost, regardless of depth.
    public mutating func drain() -> [Slot] {
        var slots = pending
        pending = []
        while bufferedCount > 0, let sequence = nextSequence {
            let slot = index(sequence)
            if case .buffered(let buffered, let time, let element) = entries[slot], buffered == sequence {
                slots.append(release(sequence, time, element))
            } else {
                slots.append(loseHead(sequence))
            }
        }
        return slots
    }

    private mutating func release(_ sequence: Int64, _ time: Int64, _ element: Element) -> Slot {
        entries[index(sequence)] = .done(sequence: sequence, received: true)
        bufferedCount -= 1
        statistics.released += 1
        nextSequence = sequence + 1
        lastReleasedTimestamp = time
        return .packet(sequence: sequence, timestamp: time, element: element)
    }

    private mutating func loseHead(_ sequence: Int64) -> Slot {
        entries[index(sequence)] = .done(sequence: sequence, received: false)
        statistics.lost += 1
        nextSequence = sequence + 1
        var following: Element?
        if case .buffered(let buffered, _, let element) = entries[index(sequence + 1)], buffered == sequence + 1 {
            following = element
        }
        return .lost(sequence: sequence, following: following)
    }
}

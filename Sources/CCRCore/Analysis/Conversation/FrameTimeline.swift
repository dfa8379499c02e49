/// The last few tens of seconds, frame by frame: who spoke, agitation, MOS — what a window
/// is scored from. A ring buffer of fixed size; marking back in time (speech transitions are
/// dated back) works as far as the ring reaches.
struct FrameTimeline: Sendable {
    struct Entry: Sendable {
        var flags: UInt8 = 0
        var customerAgitation: Float = 0
        var agentAgitation: Float = 0
        /// Network figures in force at this frame; MOS is NaN when there were none.
        var mos: Float = .nan
        var lossPercent: Float = 0
        var jitterMs: Float = 0
    }

    static let agentSpeech: UInt8 = 1
    static let customerSpeech: UInt8 = 2
    static let agentNucleus: UInt8 = 4
    static let customerNucleus: UInt8 = 8

    private var entries: [Entry]
    /// Index of the newest frame written.
    private(set) var newest: Int64 = -1

    init(capacity: Int) {
        entries = Array(repeating: Entry(), count: capacity)
    }

    var capacity: Int { entries.count }

    private func slot(_ index: Int64) -> Int { Int(index % Int64(entries.count)) }

    /// Starts frame `index` with its per-frame values.
    mutating func append(_ index: Int64, _ entry: Entry) {
        newest = index
        entries[slot(index)] = entry
    }

    /// Sets or clears a speech flag on frames `from ..< to` (clamped to what the ring holds).
    mutating func mark(_ flag: UInt8, from: Int64, to: Int64, on: Bool) {
        let lowest = max(from, newest - Int64(entries.count) + 1, 0)
        guard lowest < to else { return }
        for index in lowest..<min(to, newest + 1) {
            if on { entries[slot(index)].flags |= flag } else { entries[slot(index)].flags &= ~flag }
        }
    }

    func entry(_ index: Int64) -> Entry { entries[slot(index)] }

    /// Frames still held, oldest first.
    var oldest: Int64 { max(0, newest - Int64(entries.count) + 1) }
}

import CCRCore

/// Cuts one leg's 16 kHz samples, arriving in packets of any length, into 20 ms frames.
///
/// `position` is the media time (in samples) of the next sample appended; frames start on
/// multiples of 320 samples from the leg's origin, so both legs of a call share one grid.
public struct Reframer {
    public let leg: Leg
    /// Media time of the next sample, in 16 kHz samples.
    public private(set) var position: Int64
    private var frameStart: Int64
    private var pending: [Float]
    private var pendingConcealed = false

    public init(leg: Leg, start: Int64) {
        self.leg = leg
        self.position = start
        self.frameStart = start
        self.pending = []
        pending.reserveCapacity(Frame.sampleCount)
    }

    /// Appends samples, emitting every frame they complete.
    public mutating func append(_ samples: ArraySlice<Float>, concealed: Bool, emit: (Frame) -> Void) {
        var index = samples.startIndex
        while index < samples.endIndex {
            let take = min(Frame.sampleCount - pending.count, samples.endIndex - index)
            pending.append(contentsOf: samples[index..<(index + take)])
            if concealed { pendingConcealed = true }
            index += take
            position += Int64(take)
            if pending.count == Frame.sampleCount { emitPending(emit) }
        }
    }

    /// Skips ahead to `target` without audio: the partial frame is completed with silence
    /// and framing restarts on the grid at or after `target`.
    public mutating func jump(to target: Int64, emit: (Frame) -> Void) {
        guard target > position else { return }
        flush(emit: emit)
        let grid = Int64(Frame.sampleCount)
        let offset = target - frameStart
        let aligned = frameStart + (offset + grid - 1) / grid * grid
        frameStart = aligned
        position = aligned
    }

    /// Emits a partial frame padded with silence (at the end of a stream).
    public mutating func flush(emit: (Frame) -> Void) {
        guard !pending.isEmpty else { return }
        let missing = Frame.sampleCount - pending.count
        pending.append(contentsOf: repeatElement(0, count: missing))
        position += Int64(missing)
        pendingConcealed = true
        emitPending(emit)
    }

    private mutating func emitPending(_ emit: (Frame) -> Void) {
        emit(Frame(leg: leg, start: frameStart, samples: pending, isConcealed: pendingConcealed))
        frameStart += Int64(Frame.sampleCount)
        pending.removeAll(keepingCapacity: true)
        pendingConcealed = false
    }
}

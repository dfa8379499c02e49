import Foundation
import NIOConcurrencyHelpers

/// Writes the corpus to every `pacat` player of the PulseAudio step on a 20 ms grid, from its
/// own thread: one stereo stream per call (agent left, customer right), call k starting k mod 25
/// ticks after the first,
/// `leadTicks` of silence before, and the scripted dead air (both legs silent for
/// `PulseAgents.deadAirSeconds` from `cut`) in the first pass of the corpus, which loops.
final class PlayerFeed: Sendable {
    private let descriptors: [Int32]
    private let passes: (first: [[Int16]], loop: [[Int16]])
    private let leadTicks: Int
    private let totalTicks: Int
    private let state = NIOLockedValueBox((start: Double?.none, late: 0, stopped: false))

    init(descriptors: [Int32], corpus: Corpus, cut: Int, leadTicks: Int, totalTicks: Int) {
        self.descriptors = descriptors
        self.leadTicks = leadTicks
        self.totalTicks = totalTicks
        let loop = [corpus.agent, corpus.customer].map { leg in
            leg.prefix(leg.count / 320 * 320).map { Int16(max(-32_768, min(32_767, $0 * 32_768))) }
        }
        let silent = cut..<min(loop[0].count, cut + Int(PulseAgents.deadAirSeconds * 16_000))
        let first = loop.map { leg in
            var leg = leg
            leg.replaceSubrange(silent, with: repeatElement(0, count: silent.count))
            return leg
        }
        passes = (first, loop)
    }

    /// Unix time of tick 0, once writing has begun.
    var startTime: Double? { state.withLockedValue { $0.start } }
    /// Ticks written more than 20 ms after their time.
    var lateTicks: Int { state.withLockedValue { $0.late } }

    func start() {
        Thread.detachNewThread { [self] in run() }
    }

    func stop() { state.withLockedValue { $0.stopped = true } }

    private func run() {
        var chunk = [Int16](repeating: 0, count: 640)
        let origin = DispatchTime.now().uptimeNanoseconds
        state.withLockedValue { $0.start = Date().timeIntervalSince1970 }
        let length = passes.loop[0].count
        for tick in 0..<totalTicks {
            if state.withLockedValue({ $0.stopped }) { return }
            let due = origin + UInt64(tick) * 20_000_000
            let now = DispatchTime.now().uptimeNanoseconds
            if now < due {
                usleep(UInt32((due - now) / 1000))
            } else if now - due > 20_000_000 {
                state.withLockedValue { $0.late += 1 }
            }
            for (call, descriptor) in descriptors.enumerated() {
                let position = (tick - leadTicks - call % PulseAgents.stagger) * 320
                if position < 0 || length == 0 {
                    for index in chunk.indices { chunk[index] = 0 }
                } else {
                    let source = position < length ? passes.first : passes.loop
                    let offset = position % length
                    for index in 0..<320 {
                        chunk[2 * index] = source[0][offset + index]
                        chunk[2 * index + 1] = source[1][offset + index]
                    }
                }
                write(chunk[...], to: descriptor)
            }
        }
    }

    private func write(_ chunk: ArraySlice<Int16>, to descriptor: Int32) {
        chunk.withUnsafeBytes { bytes in
            var done = 0
            while done < bytes.count {
                let written = Glibc.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if written <= 0 { return }  // the player is gone: its stream just stops
                done += written
            }
        }
    }
}

import CCRCore
import Foundation

extension TranscriptionService {
    /// What the event loops and the decoding threads share, behind one condition lock: the
    /// queue, the counters, the languages found per leg, when each utterance was queued.
    final class Shared: @unchecked Sendable {
        // @unchecked: every field is reached only under `condition`.
        struct State {
            var queue: TranscriptionQueue
            /// What of each call is still to be transcribed (`transcript.progress`).
            var ledger = TranscriptionLedger()
            var statistics = TranscriptionStatistics()
            var stopping = false
            /// Decoding threads running, and those that could not start (and why).
            var workers = 0
            var brokenWorkers = 0
            var workerError: String?
            /// Detected language per call and leg, oldest first out past `maxLanguages`.
            var languages: [String: String] = [:]
            var languageOrder: [String] = []
            var latencies: [Double] = []
            var nextLatency = 0

            static let maxLanguages = 20_000
            static let keptLatencies = 1000

            /// Unsure detections per leg so far (the third is kept whatever it says).
            var attempts: [String: Int] = [:]

            /// A leg's language detection: kept when sure, or at the third try.
            mutating func tried(_ found: (code: String, probability: Double), for key: String, sure: Double) {
                let tries = attempts[key, default: 0] + 1
                guard found.probability >= sure || tries >= 3 else {
                    // Legs that ended unsure leave their count behind: start over when full.
                    if attempts.count >= Self.maxLanguages { attempts.removeAll() }
                    attempts[key] = tries
                    return
                }
                attempts[key] = nil
                remember(found.code, for: key)
            }

            mutating func remember(_ language: String, for key: String) {
                guard languages.updateValue(language, forKey: key) == nil else { return }
                languageOrder.append(key)
                if languageOrder.count > Self.maxLanguages {
                    languages[languageOrder.removeFirst()] = nil
                }
            }

            mutating func recordLatency(_ seconds: Double) {
                if latencies.count < Self.keptLatencies {
                    latencies.append(seconds)
                } else {
                    latencies[nextLatency] = seconds
                    nextLatency = (nextLatency + 1) % Self.keptLatencies
                }
            }
        }

        private let condition = NSCondition()
        private var state: State

        init(queue: TranscriptionQueue) {
            state = State(queue: queue)
        }

        func withLock<Result>(_ body: (inout State) throws -> Result) rethrows -> Result {
            condition.lock()
            defer { condition.unlock() }
            return try body(&state)
        }

        func signal() {
            condition.lock()
            condition.signal()
            condition.unlock()
        }

        func stop() {
            condition.lock()
            state.stopping = true
            condition.broadcast()
            condition.unlock()
        }

        /// Waits for work; nil once stopping. The utterance (with when it was queued) may be nil
        /// when only expired ones came out.
        func take(now: () -> Int64) -> (next: (utterance: Utterance, enqueued: Int64)?, expired: [Utterance])? {
            condition.lock()
            defer { condition.unlock() }
            while state.queue.isEmpty && !state.stopping { condition.wait() }
            if state.stopping { return nil }
            let (next, expired) = state.queue.next(now: now())
            return (next.map { ($0, state.queue.lastTakenEnqueued) }, expired)
        }
    }
}

import CCRCore
import CCRStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The transcript writer, a peer of the event stream: it keeps each call's transcript segments
/// and coverage figures (speech cut into utterances, seconds skipped) and writes them about once
/// a second, in one transaction. A call's transcript often comes after the call has ended, and
/// may come before its row is written: what belongs to a call the store does not have yet is
/// tried again for `waitForCall`, then let go and counted (the call was erased, purged, or
/// refused). What waits is bounded by `maxPending` segments; beyond, new ones are counted and
/// dropped.
public final class TranscriptWriter: CallEventSubscriber, Service, Sendable {
    private struct Pending: Sendable {
        var batch = TranscriptBatch()
        /// When each call's oldest unwritten item came.
        var since: [String: ContinuousClock.Instant] = [:]
        var dropped = 0
        var stopping = false
    }

    public static let maxPending = 50_000
    static let waitForCall: Duration = .seconds(60)

    private let store: Store
    private let logger: Logger
    private let pending = Mutex(Pending())
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    public init(store: Store, logger: Logger) {
        self.store = store
        self.logger = logger
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Segments and figures let go since start (their call never came, or too many waited).
    public var dropped: Int { pending.withLock { $0.dropped } }

    public func receive(_ event: CallEvent) {
        switch event {
        case .utterance(let utterance):
            pending.withLock { state in
                state.batch.coverage[utterance.callId, default: (0, 0)].speech += utterance.duration
                if state.since[utterance.callId] == nil { state.since[utterance.callId] = .now }
            }
        case .transcriptGap(let gap):
            pending.withLock { state in
                state.batch.coverage[gap.callId, default: (0, 0)].skipped += gap.end - gap.start
                if state.since[gap.callId] == nil { state.since[gap.callId] = .now }
            }
        case .phraseDetected(let detection):
            hold(detection.callId) { $0.detections.append(detection) }
        case .callPhrases(let report):
            hold(report.callId) { $0.reports.append(report) }
        case .transcriptSegment(let segment):
            hold(segment.callId) { $0.segments.append(segment) }
        default:
            return
        }
    }

    /// Adds an item of `callId` to the batch, or counts it dropped when `maxPending` wait already.
    private func hold(_ callId: String, _ add: (inout TranscriptBatch) -> Void) {
        pending.withLock { state in
            guard state.batch.count < Self.maxPending else {
                state.dropped += 1
                return
            }
            add(&state.batch)
            if state.since[callId] == nil { state.since[callId] = .now }
        }
    }

    public func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { [ring] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    ring.yield()
                }
            }
            await withGracefulShutdownHandler {
                for await _ in doorbell {
                    let stopping = await writeOnce()
                    if stopping { break }
                }
            } onGracefulShutdown: { [self] in
                pending.withLock { $0.stopping = true }
                ring.yield()
            }
            group.cancelAll()
        }
    }

    /// Writes what waits; returns whether the writer is to stop.
    private func writeOnce() async -> Bool {
        let (batch, stopping) = pending.withLock { state in
            defer { state.batch = TranscriptBatch() }
            return (state.batch, state.stopping)
        }
        guard !batch.isEmpty else { return stopping }
        do {
            var left = try await store.save(batch)
            // At shutdown, a call ended a moment ago may not be written yet (the store writer
            // stops after this): give it two seconds.
            for _ in 0..<4 where stopping && !left.isEmpty {
                try? await Task.sleep(for: .milliseconds(500))
                left = try await store.save(left)
            }
            putBack(left, final: stopping)
        } catch {
            logger.error("cannot write transcripts to the state database; retrying", metadata: ["error": "\(error)"])
            putBack(batch, final: stopping)
            if !stopping { try? await Task.sleep(for: .seconds(1)) }
        }
        return stopping
    }

    /// Keeps for the next turn what could not be written, unless it waited too long.
    private func putBack(_ left: TranscriptBatch, final: Bool) {
        pending.withLock { state in
            let now = ContinuousClock.now
            func expired(_ callId: String) -> Bool {
                final || (state.since[callId].map { now - $0 > Self.waitForCall } ?? true)
            }
            for segment in left.segments {
                if expired(segment.callId) {
                    state.dropped += 1
                } else if state.batch.segments.count < Self.maxPending {
                    state.batch.segments.append(segment)
                } else {
                    state.dropped += 1
                }
            }
            for detection in left.detections {
                if expired(detection.callId) || state.batch.count >= Self.maxPending {
                    state.dropped += 1
                } else {
                    state.batch.detections.append(detection)
                }
            }
            for report in left.reports {
                if expired(report.callId) || state.batch.count >= Self.maxPending {
                    state.dropped += 1
                } else {
                    state.batch.reports.append(report)
                }
            }
            for (callId, figures) in left.coverage {
                if expired(callId) {
                    state.dropped += 1
                } else {
                    state.batch.coverage[callId, default: (0, 0)].speech += figures.speech
                    state.batch.coverage[callId, default: (0, 0)].skipped += figures.skipped
                }
            }
            // Calls with nothing left waiting lose their clock.
            let waiting = Set(state.batch.segments.map(\.callId)).union(state.batch.coverage.keys)
                .union(state.batch.detections.map(\.callId)).union(state.batch.reports.map(\.callId))
            state.since = state.since.filter { waiting.contains($0.key) }
        }
    }
}

// MARK: - Forgetting

extension TranscriptWriter {
    public var holderName: String { "transcripts" }

    /// Segments of an agent's calls not yet written are dropped (a caller's calls are erased in
    /// the store, and what comes after for them finds no call).
    public func forget(_ subject: Subject) -> Int {
        guard case .agent(let id) = subject else { return 0 }
        return pending.withLock { state in
            let before = state.batch.count
            state.batch.segments.removeAll { $0.agentId == id }
            state.batch.detections.removeAll { $0.agentId == id }
            state.batch.reports.removeAll { $0.agentId == id }
            return before - state.batch.count
        }
    }

    public func holdsData(about subject: Subject) -> Bool {
        guard case .agent(let id) = subject else { return false }
        return pending.withLock { state in
            state.batch.segments.contains { $0.agentId == id } || state.batch.detections.contains { $0.agentId == id }
                || state.batch.reports.contains { $0.agentId == id }
        }
    }
}

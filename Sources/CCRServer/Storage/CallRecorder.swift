import CCRCore
import CCRMedia
import CCRStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The store's subscriber to the event stream: it keeps what each live call produced since its
/// last checkpoint, checkpoints live calls every `checkpointInterval`, and writes each call in
/// one transaction when it ends. The writer batches: everything that ended while the previous
/// transaction ran goes in the next one. It never drops: a failed write is retried.
///
/// Every other event goes straight on to the live hub; `call.ended` is published only once the
/// call's row is committed, so a client that saw it can always read the call back.
public final class CallRecorder: Service, Sendable {
    private struct State: Sendable {
        var calls: [String: RecordedCall] = [:]
        /// Ended calls waiting for the writer, in order.
        var ended: [(checkpoint: CallCheckpoint, summary: CallSummary?)] = []
        /// A call started since the last write: write its row without waiting for the interval.
        var newCalls = false
        var stopping = false
        /// Ended calls the database refused (their data, not the disk, was at fault).
        var droppedCalls = 0
    }

    private let store: Store
    private let publish: @Sendable (CallEvent) -> Void
    private let checkpointInterval: Duration
    private let logger: Logger
    private let state = Mutex(State())
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    /// `publish` receives the events to show live (the hub's `publish`).
    public init(store: Store, checkpointInterval: Duration, logger: Logger, publish: @escaping @Sendable (CallEvent) -> Void) {
        self.store = store
        self.checkpointInterval = checkpointInterval
        self.logger = logger
        self.publish = publish
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// The hooks the switchboard calls when a call starts and ends.
    public var lifecycle: CallLifecycle {
        CallLifecycle(started: { [self] in started($0) }, ended: { [self] in ended($0) })
    }

    // MARK: On the calls' event loops (a lock and an append, never I/O)

    /// An analysis event: kept for the next checkpoint, and published unless it is `call.ended`.
    public func receive(_ event: CallEvent) {
        state.withLock { state in
            state.calls[event.callId, default: RecordedCall()].record(event)
        }
        if case .callEnded = event { return }
        publish(event)
    }

    func started(_ snapshot: CallSnapshot) {
        state.withLock { state in
            state.calls[snapshot.callId, default: RecordedCall()].identity = snapshot
            state.newCalls = true
        }
        ring.yield()
    }

    func ended(_ snapshot: CallSnapshot) {
        state.withLock { state in
            var call = state.calls.removeValue(forKey: snapshot.callId) ?? RecordedCall()
            let checkpoint = call.final(snapshot, now: Date())
            state.ended.append((checkpoint, snapshot.analysis?.summary))
        }
        ring.yield()
    }

    // MARK: The writer

    /// Calls waiting to be written (ended, not yet committed).
    public var backlog: Int { state.withLock { $0.ended.count } }

    /// Ended calls dropped because the database refused their data.
    public var droppedCalls: Int { state.withLock { $0.droppedCalls } }

    public func run() async throws {
        let timer = Task { [checkpointInterval, ring] in
            while !Task.isCancelled {
                try? await Task.sleep(for: checkpointInterval)
                ring.yield()
            }
        }
        defer { timer.cancel() }
        await withGracefulShutdownHandler {
            await writeLoop()
        } onGracefulShutdown: { [self] in
            state.withLock { $0.stopping = true }
            ring.yield()
        }
    }

    private func writeLoop() async {
        let clock = ContinuousClock()
        var nextCheckpoint = clock.now.advanced(by: checkpointInterval)
        var failures = 0
        for await _ in doorbell {
            while true {
                let (ended, stopping) = state.withLock { state in
                    defer { state.ended.removeAll() }
                    return (state.ended, state.stopping)
                }
                let due = clock.now >= nextCheckpoint || stopping
                let checkpoints = takeCheckpoints(all: due)
                if due { nextCheckpoint = clock.now.advanced(by: checkpointInterval) }
                if ended.isEmpty && checkpoints.isEmpty {
                    if stopping { return }
                    break
                }
                var published = ended
                do {
                    try await store.save(checkpoints + ended.map(\.checkpoint))
                    failures = 0
                } catch .rejected(_, let reason) {
                    // One call's data is refused: write them one by one so the others are kept.
                    logger.error("the state database refused a batch of calls; writing them one by one", metadata: ["error": "\(reason)"])
                    published = await writeAlone(checkpoints: checkpoints, ended: ended)
                } catch {
                    failures += 1
                    logger.error(
                        "cannot write calls to the state database; retrying (calls stay in memory, call.ended is held back)",
                        metadata: ["error": "\(error)", "store.calls": "\(ended.count + checkpoints.count)", "store.attempt": "\(failures)"])
                    requeue(checkpoints: checkpoints, ended: ended)
                    if stopping && failures >= 5 {
                        logger.critical("giving up writing at shutdown; the calls will be closed as interrupted at next start")
                        return
                    }
                    try? await Task.sleep(for: .milliseconds(min(5000, 100 << min(failures, 6))))
                    continue
                }
                for entry in published {
                    if let summary = entry.summary { publish(.callEnded(summary)) }
                }
            }
        }
    }

    /// Puts back what a failed write took, to be written again.
    private func requeue(checkpoints: [CallCheckpoint], ended: [(checkpoint: CallCheckpoint, summary: CallSummary?)]) {
        state.withLock { state in
            state.ended.insert(contentsOf: ended, at: 0)
            for checkpoint in checkpoints {
                if state.calls[checkpoint.call.id] != nil {
                    state.calls[checkpoint.call.id]?.restore(checkpoint)
                } else if let index = state.ended.firstIndex(where: { $0.checkpoint.call.id == checkpoint.call.id }) {
                    // Ended while the write failed: its final write must carry these windows.
                    state.ended[index].checkpoint.windows.insert(contentsOf: checkpoint.windows, at: 0)
                }
            }
        }
    }

    /// Writes each checkpoint and ended call in its own transaction. A call whose data is refused
    /// is dropped (logged, counted in `droppedCalls`, no `call.ended`); on any other failure what
    /// is left is queued again. Returns the ended calls that were written.
    private func writeAlone(
        checkpoints: [CallCheckpoint], ended: [(checkpoint: CallCheckpoint, summary: CallSummary?)]
    ) async -> [(checkpoint: CallCheckpoint, summary: CallSummary?)] {
        var written: [(checkpoint: CallCheckpoint, summary: CallSummary?)] = []
        for (index, checkpoint) in checkpoints.enumerated() {
            do {
                try await store.save([checkpoint])
            } catch .rejected(_, let reason) {
                logger.error("a live call's checkpoint was refused by the state database and is skipped", metadata: ["call.id": "\(checkpoint.call.id)", "error": "\(reason)"])
            } catch {
                requeue(checkpoints: Array(checkpoints[index...]), ended: ended)
                return written
            }
        }
        for (index, entry) in ended.enumerated() {
            do {
                try await store.save([entry.checkpoint])
                written.append(entry)
            } catch .rejected(_, let reason) {
                state.withLock { $0.droppedCalls += 1 }
                logger.error("an ended call was refused by the state database and is dropped", metadata: ["call.id": "\(entry.checkpoint.call.id)", "error": "\(reason)"])
            } catch {
                requeue(checkpoints: [], ended: Array(ended[index...]))
                return written
            }
        }
        return written
    }

    /// Checkpoints of the live calls that changed: all of them when the interval is due, else
    /// only calls not yet written at all.
    private func takeCheckpoints(all: Bool) -> [CallCheckpoint] {
        state.withLock { state in
            guard all || state.newCalls else { return [] }
            state.newCalls = false
            let now = Date()
            var checkpoints: [CallCheckpoint] = []
            for (id, call) in state.calls where all || !call.written {
                var call = call
                if let checkpoint = call.checkpoint(now: now) {
                    checkpoints.append(checkpoint)
                    state.calls[id] = call
                }
            }
            return checkpoints
        }
    }
}

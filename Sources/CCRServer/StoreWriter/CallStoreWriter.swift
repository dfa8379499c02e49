import CCRCore
import CCRStore
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// The store writer, a peer of the event stream: it keeps what each live call produced since its
/// last checkpoint, checkpoints live calls every `checkpointInterval`, and writes each call in
/// one transaction when it ends. The writer batches: everything that ended while the previous
/// transaction ran goes in the next one. It never drops: a failed write is retried, and calls
/// wait in memory meanwhile (what a live call keeps is bounded by the checkpoint interval; ended
/// calls wait whole, so a database down for long grows memory by one call's windows per call).
///
/// Once an ended call is committed it says so (`committed`), and the live hub sends that call's
/// `call.ended`; a call the database refuses, or whose person is erased before it is written,
/// is reported as `abandoned`.
public final class CallStoreWriter: Service, Sendable {
    private struct State: Sendable {
        var calls: [String: UnwrittenCall] = [:]
        /// Ended calls waiting for the writer, in order.
        var ended: [CallCheckpoint] = []
        /// Ended calls of the batch being written.
        var inFlight: [CallCheckpoint] = []
        /// People erased while a batch holding their calls was being written: erased again once
        /// it is committed.
        var erasedDuringWrite: [Subject] = []
        /// A call started since the last write: write its row without waiting for the interval.
        var newCalls = false
        var stopping = false
        /// Ended calls the database refused (their data, not the disk, was at fault).
        var droppedCalls = 0
        /// Writes that failed and were retried (a full disk, a locked database).
        var failedWrites = 0
        /// When the write under way began (nil between writes).
        var writingSince: ContinuousClock.Instant?
    }

    private let store: Store
    private let committed: @Sendable (String) -> Void
    private let abandoned: @Sendable (String) -> Void
    private let timed: @Sendable (Duration) -> Void
    private let checkpointInterval: Duration
    private let logger: Logger
    private let state = Mutex(State())
    private let doorbell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation

    /// `committed` is told the id of each ended call once it is in the database, `abandoned` the
    /// id of each ended call that never will be (the live hub's `committed` and `abandoned`),
    /// `timed` how long each committed transaction took (the metrics).
    public init(
        store: Store, checkpointInterval: Duration, logger: Logger, committed: @escaping @Sendable (String) -> Void = { _ in },
        abandoned: @escaping @Sendable (String) -> Void = { _ in }, timed: @escaping @Sendable (Duration) -> Void = { _ in }
    ) {
        self.timed = timed
        self.store = store
        self.checkpointInterval = checkpointInterval
        self.logger = logger
        self.committed = committed
        self.abandoned = abandoned
        (doorbell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    // MARK: On the calls' event loops (a lock and an append, never I/O)

    /// An event of a call: `callOpened` makes its row (written at the next turn of the writer),
    /// analysis events wait for the next checkpoint, `callClosed` queues the final write.
    public func receive(_ event: CallEvent) {
        switch event {
        case .callOpened(let record):
            state.withLock { state in
                state.calls[record.callId, default: UnwrittenCall()].identity = record
                state.newCalls = true
            }
            ring.yield()
        case .callClosed(let record):
            state.withLock { state in
                var call = state.calls.removeValue(forKey: record.callId) ?? UnwrittenCall()
                state.ended.append(call.final(record, now: Date()))
            }
            ring.yield()
        case .utterance, .transcriptSegment, .transcriptGap, .transcriptProgress, .phraseDetected, .callPhrases:
            return  // the transcript writer's
        case .callStarted, .windowScored, .alertRaised, .alertCleared, .callEnded, .agitationEpisode:
            // Only for a call that was opened and is not closed yet: a stray event never makes
            // an entry that nothing would remove.
            state.withLock { state in
                state.calls[event.callId]?.record(event)
            }
        }
    }

    // MARK: The writer

    /// Calls waiting to be written (ended, not yet committed).
    public var backlog: Int { state.withLock { $0.ended.count } }

    /// Ended calls dropped because the database refused their data.
    public var droppedCalls: Int { state.withLock { $0.droppedCalls } }

    /// Writes that failed and are being retried, since start.
    public var failedWrites: Int { state.withLock { $0.failedWrites } }

    /// How long the write under way has taken so far; nil when none is (a stuck writer shows
    /// here: the health loop calls the store writer degraded past `HealthProbes.stuckWrite`).
    public var writingFor: Duration? {
        state.withLock { $0.writingSince.map { ContinuousClock.now - $0 } }
    }

    public func run() async throws {
        // The checkpoint timer is a child task, cancelled once the writer has drained at shutdown.
        await withDiscardingTaskGroup { group in
            group.addTask { [checkpointInterval, ring] in
                while !Task.isCancelled {
                    try? await Task.sleep(for: checkpointInterval)
                    ring.yield()
                }
            }
            await withGracefulShutdownHandler {
                await writeLoop()
            } onGracefulShutdown: { [self] in
                state.withLock { $0.stopping = true }
                ring.yield()
            }
            group.cancelAll()
        }
    }

    private func writeLoop() async {
        let clock = ContinuousClock()
        var nextCheckpoint = clock.now.advanced(by: checkpointInterval)
        var failures = 0
        for await _ in doorbell {
            while true {
                let (ended, stopping) = state.withLock { state in
                    defer {
                        state.inFlight = state.ended
                        state.ended.removeAll()
                    }
                    return (state.ended, state.stopping)
                }
                let due = clock.now >= nextCheckpoint || stopping
                let checkpoints = takeCheckpoints(all: due)
                if due { nextCheckpoint = clock.now.advanced(by: checkpointInterval) }
                if ended.isEmpty && checkpoints.isEmpty {
                    if stopping { return }
                    break
                }
                var written = ended
                let began = clock.now
                state.withLock { $0.writingSince = began }
                do {
                    try await store.save(checkpoints + ended)
                    state.withLock { $0.writingSince = nil }
                    timed(clock.now - began)
                    failures = 0
                } catch .rejected(_, let reason) {
                    state.withLock { $0.writingSince = nil }
                    // One call's data is refused: write them one by one so the others are kept.
                    logger.error("the state database refused a batch of calls; writing them one by one", metadata: ["error": "\(reason)"])
                    written = await writeAlone(checkpoints: checkpoints, ended: ended)
                } catch {
                    failures += 1
                    state.withLock {
                        $0.writingSince = nil
                        $0.failedWrites += 1
                    }
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
                await eraseAgainIfNeeded()
                for checkpoint in written { committed(checkpoint.call.id) }
            }
        }
    }

    /// Puts back what a failed write took, to be written again.
    private func requeue(checkpoints: [CallCheckpoint], ended: [CallCheckpoint]) {
        let forgotten = state.withLock { state -> [String] in
            // People erased meanwhile do not get their calls back.
            let erased = state.erasedDuringWrite
            state.erasedDuringWrite = []
            state.inFlight = []
            func isErased(_ checkpoint: CallCheckpoint) -> Bool {
                erased.contains { checkpoint.isAbout($0) }
            }
            state.ended.insert(contentsOf: ended.filter { !isErased($0) }, at: 0)
            return ended.filter(isErased).map(\.call.id)
        }
        for id in forgotten { abandoned(id) }
        state.withLock { state in
            for checkpoint in checkpoints {
                if state.calls[checkpoint.call.id] != nil {
                    state.calls[checkpoint.call.id]?.restore(checkpoint)
                } else if let index = state.ended.firstIndex(where: { $0.call.id == checkpoint.call.id }) {
                    // Ended while the write failed: its final write must carry these windows.
                    state.ended[index].windows.insert(contentsOf: checkpoint.windows, at: 0)
                }
            }
        }
    }

    /// Writes each checkpoint and ended call in its own transaction. A call whose data is refused
    /// is dropped (logged, counted in `droppedCalls`, no `call.ended`); on any other failure what
    /// is left is queued again. Returns the ended calls that were written.
    private func writeAlone(checkpoints: [CallCheckpoint], ended: [CallCheckpoint]) async -> [CallCheckpoint] {
        var written: [CallCheckpoint] = []
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
                try await store.save([entry])
                written.append(entry)
            } catch .rejected(_, let reason) {
                state.withLock { $0.droppedCalls += 1 }
                abandoned(entry.call.id)
                logger.error("an ended call was refused by the state database and is dropped", metadata: ["call.id": "\(entry.call.id)", "error": "\(reason)"])
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

    /// Erases again the people erased while a batch was being written, which may have held their
    /// calls (taken from the queue before the erasure reached it).
    private func eraseAgainIfNeeded() async {
        let subjects = state.withLock { state in
            defer {
                state.erasedDuringWrite = []
                state.inFlight = []
            }
            return state.erasedDuringWrite
        }
        for subject in subjects {
            do {
                _ = try await store.erase(subject)
            } catch {
                logger.error("a call written during an erasure could not be erased; erase the person again", metadata: ["error": "\(error)"])
            }
        }
    }
}

extension CallStoreWriter: CallEventSubscriber {
    public var holderName: String { "storeWriter" }

    /// Drops the person's ended calls that wait to be written (the store has just been erased and
    /// must not get them back); a batch being written now is erased again once it is committed.
    public func forget(_ subject: Subject) -> Int {
        let dropped = state.withLock { state -> [String] in
            if state.inFlight.contains(where: { $0.isAbout(subject) }) {
                state.erasedDuringWrite.append(subject)
            }
            var dropped: [String] = []
            state.ended.removeAll { checkpoint in
                guard checkpoint.isAbout(subject) else { return false }
                dropped.append(checkpoint.call.id)
                return true
            }
            return dropped
        }
        for id in dropped { abandoned(id) }
        return dropped.count
    }

    public func holdsData(about subject: Subject) -> Bool {
        state.withLock { state in
            state.ended.contains { $0.isAbout(subject) }
        }
    }
}

extension CallCheckpoint {
    /// Whether the call is about `subject` (its agent, or its caller).
    func isAbout(_ subject: Subject) -> Bool {
        subject.concerns(agentId: call.agentId, callerNumber: call.callerNumber)
    }
}

import CCRCore
import CCRStore
import Testing

@Suite("Service runs in the store")
struct ServiceRunTests {
    @Test func runsRecordTheirStartHeartbeatAndCleanStop() throws {
        let store = try Store.inMemory()
        let first = try store.beginRun(at: WallTime(seconds: 100))
        try store.heartbeat(run: first, at: WallTime(seconds: 105))
        try store.endRun(first, at: WallTime(seconds: 107))
        // The second run was killed after its heartbeat at 212.
        let second = try store.beginRun(at: WallTime(seconds: 200))
        try store.heartbeat(run: second, at: WallTime(seconds: 212))
        let third = try store.beginRun(at: WallTime(seconds: 300))
        let runs = try store.serviceRuns(overlapping: Period(start: WallTime(seconds: 150), end: WallTime(seconds: 1000)))
        #expect(runs.map(\.id) == [first, second, third])
        #expect(runs[0].endedAt == WallTime(seconds: 107) && runs[0].stoppedAt != nil)
        #expect(runs[1].endedAt == WallTime(seconds: 212) && runs[1].stoppedAt == nil)
        #expect(runs[2].started == WallTime(seconds: 300) && runs[2].endedAt == WallTime(seconds: 300))
        // Only the run before the period is taken from before it.
        #expect(try store.serviceRuns(overlapping: Period(start: WallTime(seconds: 250), end: WallTime(seconds: 260))).map(\.id) == [second])
        // A heartbeat for a run that is not there fails its read-back.
        #expect(throws: StoreError.self) { try store.heartbeat(run: 999, at: WallTime(seconds: 400)) }
    }
}

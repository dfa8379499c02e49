import CCRCore
import Testing

@testable import CCRServer

/// The transcription budget: who gets a decoding thread first, what gives way when the backlog
/// is full, what is given up when it waited too long.
@Suite("Transcription queue")
struct TranscriptionQueueTests {
    static func utterance(_ call: String, _ number: Int, seconds: Double = 2) -> Utterance {
        Utterance(
            callId: call, agentId: "a", team: nil, leg: .agent, number: number, start: Double(number) * 3,
            samples: [Float](repeating: 0, count: Int(seconds * 16_000)))
    }

    static let second: Int64 = 1_000_000_000

    @Test func callsWithOpenAlertsGoFirstThenTheOldest() {
        var queue = TranscriptionQueue(maxBacklogSeconds: 100, maxLag: .seconds(30))
        _ = queue.add(Self.utterance("old", 0), now: 0)
        _ = queue.add(Self.utterance("new", 0), now: 1)
        _ = queue.add(Self.utterance("old", 1), now: 2)
        queue.alertRaised(callId: "new")
        #expect(queue.next(now: 3).next.map { "\($0.callId)#\($0.number)" } == "new#0")
        #expect(queue.next(now: 3).next.map { "\($0.callId)#\($0.number)" } == "old#0")
        _ = queue.add(Self.utterance("new", 1), now: 4)
        queue.alertCleared(callId: "new")
        // Without the alert, the older call goes first again.
        #expect(queue.next(now: 5).next.map { "\($0.callId)#\($0.number)" } == "old#1")
        #expect(queue.next(now: 5).next.map { "\($0.callId)#\($0.number)" } == "new#1")
        #expect(queue.next(now: 5).next == nil && queue.backlogSeconds == 0)
    }

    @Test func aFullBacklogMakesTheLeastUrgentGiveWay() {
        var queue = TranscriptionQueue(maxBacklogSeconds: 6, maxLag: .seconds(30))
        #expect(queue.add(Self.utterance("a", 0), now: 0).isEmpty)
        #expect(queue.add(Self.utterance("b", 0), now: 0).isEmpty)
        #expect(queue.add(Self.utterance("c", 0), now: 0).isEmpty)
        // Full (6 s): a later call's utterance is itself the least urgent.
        #expect(queue.add(Self.utterance("d", 0), now: 0).map(\.callId) == ["d"])
        // An older call's utterance pushes out the newest call's.
        #expect(queue.add(Self.utterance("a", 1), now: 0).map(\.callId) == ["c"])
        // A call with an alert pushes out the newest call without one.
        queue.alertRaised(callId: "d")
        #expect(queue.add(Self.utterance("d", 1), now: 0).map(\.callId) == ["b"])
        #expect(queue.backlogSeconds <= 6)
        // Longer than the whole backlog: given up at once, the queue left as it was.
        let waiting = queue.count
        #expect(queue.add(Self.utterance("a", 2, seconds: 7), now: 0).map(\.number) == [2])
        #expect(queue.count == waiting)
    }

    @Test func whatWaitedPastTheLagIsGivenUp() {
        var queue = TranscriptionQueue(maxBacklogSeconds: 100, maxLag: .seconds(10))
        _ = queue.add(Self.utterance("a", 0), now: 0)
        _ = queue.add(Self.utterance("a", 1), now: 5 * Self.second)
        let (next, expired) = queue.next(now: 11 * Self.second)
        #expect(expired.map(\.number) == [0] && next?.number == 1)
        #expect(queue.lastTakenEnqueued == 5 * Self.second)
    }

    @Test func aClosedCallIsForgottenOnceNothingOfItWaits() {
        var queue = TranscriptionQueue(maxBacklogSeconds: 100, maxLag: .seconds(10))
        _ = queue.add(Self.utterance("a", 0), now: 0)
        queue.callClosed(callId: "a")
        #expect(queue.trackedCalls == 1)
        _ = queue.next(now: 1)
        #expect(queue.trackedCalls == 0)
        queue.callClosed(callId: "never-spoke")
        #expect(queue.trackedCalls == 0)
    }
}

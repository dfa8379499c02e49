import CCRCore
import Foundation
import Synchronization
import Testing

@testable import CCRMedia

/// A leg source that is not RTP: frames pushed from memory, as a PulseAudio capture or a
/// WebSocket media stream would push theirs. The session must need nothing else.
final class MemoryLegSource: LegSource {
    let leg: Leg
    private(set) var lastActivity: Int64?
    var senderEnded = false
    var transport: TransportCounters? { nil }
    var statistics: LegStatistics? { nil }
    private var position: Int64 = 0
    private var pending: [Float] = []
    private(set) var advances = 0
    private(set) var finished = false

    init(leg: Leg) { self.leg = leg }

    /// Samples captured at `now`; whole frames go to the call at once.
    func capture(_ samples: [Float], now: Int64, into session: CallSession) {
        lastActivity = now
        pending += samples
        while pending.count >= Frame.sampleCount {
            session.deliver(Frame(leg: leg, start: position, samples: Array(pending.prefix(Frame.sampleCount))))
            pending.removeFirst(Frame.sampleCount)
            position += Int64(Frame.sampleCount)
        }
    }

    func advance(now: Int64, emit: (Frame) -> Void) { advances += 1 }

    func finish(emit: (Frame) -> Void) {
        finished = true
        guard !pending.isEmpty else { return }
        emit(Frame(leg: leg, start: position, samples: pending + [Float](repeating: 0, count: Frame.sampleCount - pending.count)))
        pending = []
    }
}

/// A voiced sound: five harmonics of `f0`, at four syllables a second.
func voiced(seconds: Double, f0: Double = 180, amplitude: Double = 0.1) -> [Float] {
    (0..<Int(seconds * Double(Frame.sampleRate))).map { index in
        let time = Double(index) / Double(Frame.sampleRate)
        let envelope = 0.1 + 0.9 * abs(sin(Double.pi * 4 * time + Double.pi / 2))
        var value = 0.0
        for harmonic in 1...5 { value += sin(2 * Double.pi * f0 * Double(harmonic) * time) / Double(harmonic) }
        return Float(amplitude * envelope * value)
    }
}

@Suite("Call session fed by any leg source")
struct CallSessionTests {
    final class Recorder: Sendable {
        let events = Mutex<[CallEvent]>([])
        let ended = Mutex<[CallSnapshot]>([])
    }

    func session(_ sources: [any LegSource], recorder: Recorder, idle: Duration = .seconds(30)) -> CallSession {
        CallSession(
            identity: .init(callId: "memory-1", agentId: "a1", team: "blue", isStatic: false), sources: sources,
            idleTimeout: idle, analysis: AnalysisSettings(),
            onEvent: { event in recorder.events.withLock { $0.append(event) } },
            onEnd: { snapshot in recorder.ended.withLock { $0.append(snapshot) } })
    }

    @Test func aCallFedFromMemoryIsAnalysedAlertedAndEnded() throws {
        let agent = MemoryLegSource(leg: .agent)
        let customer = MemoryLegSource(leg: .customer)
        let recorder = Recorder()
        let call = session([agent, customer], recorder: recorder)
        let silence = [Float](repeating: 0, count: Frame.sampleRate)
        var now = MediaClock.now()
        // The agent speaks for 2 s, then both legs are silent for 12 s: dead air past 10 s.
        for second in 0..<14 {
            let agentAudio = second < 2 ? Array(voiced(seconds: 2)[(second * Frame.sampleRate)..<((second + 1) * Frame.sampleRate)]) : silence
            agent.capture(agentAudio, now: now, into: call)
            customer.capture(silence, now: now, into: call)
            call.tick(now: now)
            now += 1_000_000_000
        }
        let snapshot = call.end(.api)

        let events = recorder.events.withLock { $0 }
        #expect(events.first?.type == "call.started")
        #expect(events.contains { $0.type == "window.scored" })
        let deadAir = try #require(events.compactMap { if case .alertRaised(let alert) = $0, alert.rule == "dead-air" { alert } else { nil } }.first)
        #expect(deadAir.raisedAt > 11.5 && deadAir.raisedAt < 12.5, "raised at \(deadAir.raisedAt)")
        // The summary travels once, in the final event's record, which holds all the store keeps.
        #expect(!events.contains { $0.type == "call.ended" })
        guard case .callClosed(let record)? = events.last, let summary = record.summary else {
            Issue.record("the last event is not call.closed with a summary: \(events.last.map(\.type) ?? "none")")
            return
        }
        #expect(record.endReason == "api" && record.agentId == "a1" && record.team == "blue")
        #expect(record.endedAt != nil && record.legs.isEmpty)
        #expect(abs(summary.mediaSeconds - 14) < 0.05)
        #expect(abs(summary.metrics.agentTalkSeconds - 2) < 0.3, "agent talk \(summary.metrics.agentTalkSeconds)")
        #expect(summary.metrics.customerTalkSeconds == 0)

        #expect(snapshot.state == .ended && snapshot.endReason == .api)
        #expect(snapshot.analysis?.summary == summary)
        #expect(recorder.ended.withLock { $0.count } == 1)
        #expect(agent.advances == 14 && customer.advances == 14)
        #expect(agent.finished && customer.finished)
        // No transport: no leg figures, and no network figures in the metrics.
        #expect(snapshot.legs.agent == nil && snapshot.legs.customer == nil)
        #expect(summary.metrics.mos == nil)
    }

    @Test func aCallEndsWhenItsSourcesGoIdleOrTheirSendersSayBye() {
        let recorder = Recorder()
        let agent = MemoryLegSource(leg: .agent)
        let idle = session([agent], recorder: recorder, idle: .seconds(5))
        let start = MediaClock.now() + 1_000_000_000
        agent.capture(voiced(seconds: 1), now: start, into: idle)
        idle.tick(now: start + 4_900_000_000)
        #expect(!idle.isEnded)
        idle.tick(now: start + 5_100_000_000)
        #expect(idle.isEnded)
        #expect(recorder.ended.withLock { $0.last?.endReason } == .idle)

        let first = MemoryLegSource(leg: .agent)
        let second = MemoryLegSource(leg: .customer)
        let bye = session([first, second], recorder: recorder)
        first.senderEnded = true
        bye.endIfSendersEnded()
        #expect(!bye.isEnded)
        second.senderEnded = true
        bye.endIfSendersEnded()
        #expect(bye.isEnded)
        #expect(recorder.ended.withLock { $0.last?.endReason } == .bye)
    }

    @Test func aOneLegCallIsScoredAsOneLeg() {
        let recorder = Recorder()
        let agent = MemoryLegSource(leg: .agent)
        let call = session([agent], recorder: recorder)
        agent.capture(voiced(seconds: 6), now: MediaClock.now(), into: call)
        call.end(.api)
        let started = recorder.events.withLock { $0.first }
        guard case .callStarted(let info, _)? = started else {
            Issue.record("no call.started")
            return
        }
        #expect(info.legs == [.agent])
        #expect(call.snapshot().analysis?.summary?.metrics.singleLeg == true)
    }
}

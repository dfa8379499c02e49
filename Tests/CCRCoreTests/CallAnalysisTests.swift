import Foundation
import Testing

@testable import CCRCore

@Suite("Analysis engine")
struct CallAnalysisTests {
    /// 0–3 agent; 3–15 dead air; 15–21.5 customer; 17–25 agent over it; 27–29 customer;
    /// 30–31 agent (1 s response latency); then 31–45 customer calm, 45–52 customer shouting.
    static let script = SyntheticCall(
        parts: [
            .init(leg: .agent, start: 0, end: 3),
            .init(leg: .customer, start: 15, end: 21.5),
            .init(leg: .agent, start: 17, end: 25),
            .init(leg: .customer, start: 27, end: 29),
            .init(leg: .agent, start: 30, end: 31),
            .init(leg: .customer, start: 31.5, end: 45, amplitude: 0.04, f0: 150),
            .init(leg: .customer, start: 45, end: 52, amplitude: 0.25, f0: 230),
        ],
        seconds: 54)

    @Test func conversationMetricsAndAlertsAreExact() throws {
        let (_, events) = Self.script.analyse()
        let summary = try #require(events.summary)

        // Dead air 3 → 15 s fires at 10 s of silence (13.00 s) within one frame.
        let deadAir = try #require(events.raised.first { $0.rule == "dead-air" })
        #expect(abs(deadAir.raisedAt - 13.0) <= 0.021)
        #expect(events.cleared.contains { $0.rule == "dead-air" && abs(($0.clearedAt ?? 0) - 15.0) <= 0.1 })
        #expect(summary.deadAirSpans.contains { abs($0.start - 3) <= 0.02 && abs($0.length - 12) <= 0.04 })

        // Overtalk 17 → 21.5: the alert fires at 3 s (20.0 s).
        let overtalk = try #require(events.raised.first { $0.rule == "overtalk" })
        #expect(abs(overtalk.raisedAt - 20.0) <= 0.021)
        #expect(summary.overtalkSpans.count == 1)
        #expect(abs(summary.overtalkSpans[0].start - 17) <= 0.02)
        #expect(abs(summary.overtalkSpans[0].length - 4.5) <= 0.04)

        // The agent interrupted the customer (who had spoken 2 s) at 17 s, exactly once.
        #expect(summary.interruptions == [Interruption(by: .agent, at: 17)])
        #expect(summary.responseLatencies.count == 1)
        #expect(abs(summary.responseLatencies[0] - 1.0) <= 0.04)

        // The agent speaks from the call's very first frame, before any floor is known: the
        // detector assumes a quiet line for the first 8 frames only (a call that starts in
        // noise must not start with false speech), so up to 0.2 s of that first word is missed.
        #expect(summary.metrics.agentTalkSeconds >= 11.75 && summary.metrics.agentTalkSeconds <= 12.1)
        #expect(abs(summary.metrics.customerTalkSeconds - (6.5 + 2 + 20.5)) <= 0.1)
        #expect(summary.turns == 6)
        // Speech segments per leg, with their media times.
        let agentSegments = try #require(summary.legs.first { $0.leg == .agent }).segments
        #expect(agentSegments.count == 3)
        #expect(abs(agentSegments[1].start - 17) <= 0.02 && abs(agentSegments[1].length - 8) <= 0.04)

        // Shouting from 45 s: critical alert after it is sustained for 5 s, not before 45 s.
        let agitation = try #require(events.raised.first { $0.rule == "customer-agitation" })
        #expect(agitation.severity == .critical)
        #expect(agitation.raisedAt > 50 && agitation.raisedAt < 52)
        #expect(summary.metrics.customerAgitation > 0.7)
        #expect(summary.alerts.count == events.raised.count)
        #expect(events.raised.allSatisfy { $0.rule != "poor-network" })
    }

    @Test func windowsAreScoredEveryHopAndExplained() throws {
        let (_, events) = Self.script.analyse()
        let windows = events.windows
        #expect(windows.map(\.window.to) == stride(from: 5.0, through: 50.0, by: 5.0).map { $0 })
        // The window ending at 15 s holds 12 s of dead air and only agent talk.
        let quiet = windows[2]
        #expect(quiet.window.from == 0)
        #expect(abs(quiet.window.longestDeadAirSeconds - 12) <= 0.04)
        let deadAir = try #require(quiet.score.criteria.first { $0.metric == .deadAir })
        #expect(deadAir.target == "≤ 5")
        #expect(deadAir.pointsLost > 10)
        // Weights 2+2+1+1+1+2 = 9 without MOS: talk ratio 1.0 loses all its 2/9, dead air
        // 12 s loses 0.7 of its 2/9: 100 − 22.2 − 15.6 = 62.2.
        #expect(abs(quiet.score.score - 62.22) < 0.01)
        // Without network figures the MOS criterion is left out, not failed.
        #expect(quiet.score.criteria.first { $0.metric == .mos }?.value == nil)
        #expect(quiet.score.criteria.first { $0.metric == .mos }?.pointsLost == 0)
        // Points lost add up to the score.
        #expect(abs(100 - quiet.score.criteria.map(\.pointsLost).reduce(0, +) - quiet.score.score) < 1e-9)
        // The window ending at 35 s has 30 s length.
        #expect(windows[6].window.from == 5)
    }

    @Test func windowScoreRuleFiresWhenTheWindowIsScored() throws {
        var settings = AnalysisSettings()
        settings.alertRules = [AlertRule(name: "weak", metric: .windowScore, comparator: .less, threshold: 70, severity: .warning)]
        let (_, events) = Self.script.analyse(settings: settings)
        let alert = try #require(events.raised.first)
        #expect(alert.raisedAt == 15.0)
        #expect(alert.severity == .warning)
        #expect(abs(alert.value - 62.22) < 0.01)
    }

    @Test func sameFramesGiveSameEvents() {
        let (_, first) = Self.script.analyse()
        let (_, second) = Self.script.analyse()
        #expect(first == second)
    }

    @Test func monoCallSaysWhatItCannotMeasure() throws {
        let (_, events) = Self.script.analyse(legs: [.agent])
        let summary = try #require(events.summary)
        #expect(summary.note?.contains("one leg") == true)
        #expect(summary.metrics.talkRatio == nil)
        #expect(summary.finalScore.criteria.first { $0.metric == .overtalk }?.value == nil)
        #expect(events.raised.contains { $0.rule == "dead-air" })
    }

    @Test func lateLegIsTakenAsSilentAfterTheSkew() {
        var analysis = CallAnalysis(info: CallInfo(callId: "c", agentId: "a", team: nil, legs: [.agent, .customer]))
        var events: [CallEvent] = []
        let tone = (0..<320).map { Float(0.1 * sin(Double($0) * 0.2)) }
        for index in 0..<50 {
            analysis.consume(Frame(leg: .agent, start: Int64(index) * 320, samples: tone)) { events.append($0) }
        }
        // The customer never sent: the engine is at most maxLegSkew (10 frames) behind the agent.
        #expect(analysis.analysedFrame >= 39)
        analysis.consume(Frame(leg: .customer, start: 0, samples: tone)) { events.append($0) }
        #expect(analysis.lateFrames == 1)
    }

    @Test func eventsRoundTripThroughJSON() throws {
        let (_, events) = Self.script.analyse()
        let encoder = JSONEncoder()
        let data = try encoder.encode(events)
        let decoded = try JSONDecoder().decode([CallEvent].self, from: data)
        #expect(decoded == events)
        let first = try #require(String(data: try encoder.encode(events[0]), encoding: .utf8))
        #expect(first.contains(#""type":"call.started""#))
        #expect(first.contains(#""version":1"#))
    }
}

@Suite("Conversation edge cases")
struct ConversationEdgeCaseTests {
    @Test func quickReplyIsALatencyNotAnInterruption() throws {
        // Customer 1–3 s, agent replies 0.1 s after (its start is confirmed before the end is).
        let call = SyntheticCall(parts: [.init(leg: .customer, start: 1, end: 3), .init(leg: .agent, start: 3.1, end: 5)], seconds: 7)
        let (_, events) = call.analyse()
        let summary = try #require(events.summary)
        #expect(summary.interruptions.isEmpty)
        #expect(summary.responseLatencies.count == 1)
        #expect(abs((summary.responseLatencies.first ?? 0) - 0.1) <= 0.04)
        #expect(summary.turns == 2)
    }

    @Test func shortBackchannelIsNotAnInterruption() throws {
        // A 0.26 s "mm-hm" by the agent while the customer talks.
        let call = SyntheticCall(
            parts: [.init(leg: .customer, start: 0.5, end: 6), .init(leg: .agent, start: 3, end: 3.26)], seconds: 8)
        let (_, events) = call.analyse()
        #expect(try #require(events.summary).interruptions.isEmpty)
    }

    @Test func aLegGoingOnAfterABriefPauseInOvertalkDoesNotInterrupt() throws {
        // The agent speaks 0.5–3 s and, after a 0.4 s pause, 3.4–6 s; the customer cuts in at
        // 2 s and talks to 7 s. One interruption, the customer's: the agent went on with its
        // own line. A pause of 1.5 s before going on, once the customer has spoken over a
        // second, is the agent interrupting in turn.
        let brief = SyntheticCall(
            parts: [.init(leg: .agent, start: 0.5, end: 3), .init(leg: .agent, start: 3.4, end: 6), .init(leg: .customer, start: 2, end: 7)],
            seconds: 9)
        #expect(try #require(brief.analyse().1.summary).interruptions.map(\.by) == [.customer])
        let long = SyntheticCall(
            parts: [.init(leg: .agent, start: 0.5, end: 3), .init(leg: .agent, start: 4.5, end: 6), .init(leg: .customer, start: 2, end: 7)],
            seconds: 9)
        #expect(try #require(long.analyse().1.summary).interruptions.map(\.by) == [.customer, .agent])
        // A backchannel (2–2.3 s) inside the agent's speech is not a turn to resume: the
        // customer cutting in 0.6 s after it interrupts.
        let barge = SyntheticCall(
            parts: [.init(leg: .agent, start: 0.5, end: 6), .init(leg: .customer, start: 2, end: 2.3), .init(leg: .customer, start: 2.9, end: 5)],
            seconds: 8)
        #expect(try #require(barge.analyse().1.summary).interruptions.map(\.by) == [.customer])
        // The customer comes in during a 0.4 s pause of the agent, who goes on over her: she cut
        // into the agent's turn, as she would have had the pause been bridged. After a pause of
        // 0.8 s it was a reply.
        let pause = SyntheticCall(
            parts: [.init(leg: .agent, start: 0.5, end: 3), .init(leg: .agent, start: 3.4, end: 6), .init(leg: .customer, start: 3.25, end: 5)],
            seconds: 8)
        let cutIn = try #require(pause.analyse().1.summary).interruptions
        #expect(cutIn.map(\.by) == [.customer] && abs((cutIn.first?.at ?? 0) - 3.25) <= 0.05, "\(cutIn)")
        let reply = SyntheticCall(
            parts: [.init(leg: .agent, start: 0.5, end: 3), .init(leg: .agent, start: 3.8, end: 6), .init(leg: .customer, start: 3.6, end: 5)],
            seconds: 8)
        #expect(try #require(reply.analyse().1.summary).interruptions.isEmpty)
        // A pause under a second does not end a turn: the agent coming in 0.4 s after the
        // customer went on, 3.3 s into her turn, interrupts.
        let turn = SyntheticCall(
            parts: [.init(leg: .customer, start: 1, end: 3.5), .init(leg: .customer, start: 4.1, end: 8), .init(leg: .agent, start: 4.5, end: 6.5)],
            seconds: 10)
        #expect(try #require(turn.analyse().1.summary).interruptions.map(\.by) == [.agent])
    }

    @Test func alertsOpenAtTheEndAreClosed() throws {
        let call = SyntheticCall(parts: [.init(leg: .agent, start: 0, end: 1)], seconds: 13)
        let (analysis, events) = call.analyse()
        #expect(events.raised.contains { $0.rule == "dead-air" })
        #expect(events.cleared.contains { $0.rule == "dead-air" && $0.clearedAt == 13 })
        #expect(analysis.openAlerts.isEmpty)
        #expect(analysis.snapshot.summary?.alerts.allSatisfy { $0.clearedAt != nil } == true)
    }
}

@Suite("Network quality as an input")
struct NetworkQualityInputTests {
    @Test func poorNetworkRaisesAfterTenSecondsAndIsScored() throws {
        var analysis = CallAnalysis(info: CallInfo(callId: "n", agentId: "a", team: nil, legs: [.agent]))
        var events: [CallEvent] = []
        let quiet = [Float](repeating: 0, count: 320)
        for index in 0..<(20 * 50) {
            if index % 50 == 0 {
                // Good for 4 s, then 12 % loss.
                let bad = index >= 200
                analysis.networkQuality(NetworkQuality(mos: bad ? 2.4 : 4.3, lossPercent: bad ? 12 : 0, jitterMs: bad ? 30 : 2))
            }
            analysis.consume(Frame(leg: .agent, start: Int64(index) * 320, samples: quiet)) { events.append($0) }
        }
        analysis.finish { events.append($0) }
        let alert = try #require(events.raised.first { $0.rule == "poor-network" })
        #expect(abs(alert.raisedAt - 14.02) <= 0.021)
        let window = try #require(events.windows.last)
        #expect(abs((window.window.mos ?? 0) - 2.4) < 1e-6)
        #expect(window.window.lossPercent == 12)
        #expect(window.window.jitterMs == 30)
        #expect(try #require(window.score.criteria.first { $0.metric == .mos }).pointsLost > 0)
        #expect(events.summary?.metrics.lossPercent == 12)
    }
}

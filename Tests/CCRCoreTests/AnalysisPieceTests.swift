import Testing

@testable import CCRCore

/// The pieces `CallAnalysis` is made of, each on its own.
@Suite("Leg alignment")
struct LegAlignmentTests {
    func frame(_ leg: Leg, _ index: Int) -> Frame {
        Frame(leg: leg, start: Int64(index * Frame.sampleCount), samples: [Float](repeating: 0, count: Frame.sampleCount))
    }

    func drain(_ alignment: inout LegAlignment, final: Bool = false) -> [LegAlignment.Step] {
        var steps: [LegAlignment.Step] = []
        while let step = alignment.next(final: final) { steps.append(step) }
        return steps
    }

    @Test func aFrameIndexIsHandedOutOnceBothLegsHaveIt() {
        var alignment = LegAlignment(legs: [.agent, .customer], skewFrames: 10)
        for index in 0..<3 {
            let added = alignment.add(frame(.agent, index))
            #expect(added)
        }
        let waiting = drain(&alignment)
        #expect(waiting.isEmpty)  // the customer is waited for
        let first = alignment.add(frame(.customer, 0))
        let second = alignment.add(frame(.customer, 1))
        #expect(first && second)
        let steps = drain(&alignment)
        #expect(steps.map(\.index) == [0, 1])
        #expect(steps.allSatisfy { $0.agent != nil && $0.customer != nil })
        #expect(alignment.aligned == 1)
    }

    @Test func aLegFarBehindOrWithAGapIsTakenAsSilent() {
        var alignment = LegAlignment(legs: [.agent, .customer], skewFrames: 5)
        // The customer is silent on the wire: once the agent is 5 frames ahead, frames go on
        // with the customer silent.
        for index in 0..<7 { _ = alignment.add(frame(.agent, index)) }
        let steps = drain(&alignment)
        #expect(steps.map(\.index) == [0, 1])
        #expect(steps.allSatisfy { $0.customer == nil && $0.agent != nil })
        // A gap: the customer's next frame is 4; frames 2 and 3 are silent for it.
        _ = alignment.add(frame(.customer, 4))
        let more = drain(&alignment)
        #expect(more.map(\.index) == [2, 3, 4])  // 5 waits: the customer is not 5 frames behind
        #expect(more.map { $0.customer != nil } == [false, false, true])
    }

    @Test func lateFramesAndFramesOfAMissingLegAreCounted() {
        var alignment = LegAlignment(legs: [.agent], skewFrames: 5)
        for index in 0..<3 { _ = alignment.add(frame(.agent, index)) }
        let steps = drain(&alignment)
        #expect(steps.count == 3)
        let late = alignment.add(frame(.agent, 1))  // already analysed
        let missing = alignment.add(frame(.customer, 5))  // the call has no customer leg
        #expect(!late && !missing)
        #expect(alignment.lateFrames == 2)
        // At the end everything delivered goes out, gaps included.
        _ = alignment.add(frame(.agent, 6))
        let rest = drain(&alignment, final: true)
        #expect(rest.map(\.index) == [3, 4, 5, 6])
        let after = alignment.next(final: true)
        #expect(after == nil)
    }
}

@Suite("Alert board")
struct AlertBoardTests {
    @Test func keepsEveryAlertWithItsLatestStateAndClosesOpenOnesAtTheEnd() {
        let rules = [
            AlertRule(name: "dead-air", metric: .deadAir, comparator: .greater, threshold: 10, severity: .warning, cooldownSeconds: 0),
            AlertRule(name: "low-mos", metric: .mos, comparator: .less, threshold: 3, severity: .critical, cooldownSeconds: 0),
        ]
        var board = AlertBoard(rules: rules)
        var events: [CallEvent] = []
        // Dead air over 10 s for frames 10-19, MOS 2 from frame 15 on.
        for index in Int64(0)..<30 {
            board.evaluate(at: index, callId: "c", value: { metric, _ in
                switch metric {
                case .deadAir: (10..<20).contains(index) ? 11 : 0
                case .mos: index >= 15 ? 2 : 4
                default: nil
                }
            }) { events.append($0) }
        }
        #expect(events.map(\.type) == ["alert.raised", "alert.raised", "alert.cleared"])
        #expect(board.alerts.map(\.rule) == ["dead-air", "low-mos"])
        #expect(board.alerts[0].clearedAt == Seconds.of(21))
        #expect(board.openAlerts.map(\.rule) == ["low-mos"])
        board.close(at: 30) { events.append($0) }
        #expect(events.last?.type == "alert.cleared")
        #expect(board.openAlerts.isEmpty)
        #expect(board.alerts.allSatisfy { $0.clearedAt != nil })
    }

    @Test func keepsAtMostTheNewestAlerts() {
        var board = AlertBoard(rules: [
            AlertRule(name: "flap", metric: .lossPercent, comparator: .greater, threshold: 1, severity: .info, cooldownSeconds: 0)
        ])
        for index in Int64(0)..<Int64(4 * AlertBoard.maxAlerts) {
            board.evaluate(at: index, callId: "c", value: { _, _ in index % 2 == 0 ? 5 : 0 }) { _ in }
        }
        #expect(board.alerts.count == AlertBoard.maxAlerts)
        #expect(board.alerts.last?.id == "flap-\(2 * AlertBoard.maxAlerts)")
    }
}

@Suite("Window metrics")
struct WindowMetricsTests {
    @Test func aWindowIsMeasuredFromTheTimelineAlone() {
        var timeline = FrameTimeline(capacity: 600)
        // 10 s: the agent speaks 0-4 s, the customer 3-6 s (1 s of overtalk), then 4 s of silence.
        // Syllable nuclei: 10 for the agent, 6 for the customer; MOS 3.5 then 2.5 from 8 s on.
        for index in Int64(0)..<500 {
            var entry = FrameTimeline.Entry()
            if index < 200 { entry.flags |= FrameTimeline.agentSpeech }
            if (150..<300).contains(index) { entry.flags |= FrameTimeline.customerSpeech }
            if index < 200 && index % 20 == 0 { entry.flags |= FrameTimeline.agentNucleus }
            if (150..<300).contains(index) && index % 25 == 0 { entry.flags |= FrameTimeline.customerNucleus }
            entry.customerAgitation = index == 250 ? 0.7 : 0.1
            entry.mos = index < 400 ? 3.5 : 2.5
            entry.lossPercent = index < 400 ? 1 : 4
            timeline.append(index, entry)
        }
        let conversation = Conversation(confirmationFrames: 15)
        let metrics = WindowMetrics.measure(from: 0, to: 500, timeline: timeline, conversation: conversation, singleLeg: false)
        #expect(metrics.agentTalkSeconds == 4)
        #expect(metrics.customerTalkSeconds == 3)
        #expect(metrics.overtalkSeconds == 1)
        #expect(metrics.longestDeadAirSeconds == 4)
        #expect(metrics.agentSyllablesPerSecond == 2.5)
        #expect(metrics.customerSyllablesPerSecond == 2)
        #expect(abs(metrics.customerAgitation - 0.7) < 1e-6)
        #expect(metrics.mos == 2.5 && metrics.lossPercent == 4)
        #expect(abs((metrics.talkRatio ?? 0) - 4.0 / 7) < 1e-9)
        #expect(abs(metrics.overtalkRatio - 0.1) < 1e-9)
        // A later window sees only its own frames; one leg only has no talk ratio.
        let tail = WindowMetrics.measure(from: 300, to: 500, timeline: timeline, conversation: conversation, singleLeg: true)
        #expect(tail.agentTalkSeconds == 0 && tail.longestDeadAirSeconds == 4)
        #expect(tail.talkRatio == nil && tail.singleLeg)
    }
}

@Suite("Call summary")
struct CallSummaryTests {
    @Test func theSummaryTakesTheConversationTheScoreAndTheAlerts() {
        var conversation = Conversation(confirmationFrames: 15)
        // The agent speaks 0-2 s, the customer 2.6-5.6 s; the agent cuts in 1 s before the
        // customer ends (an interruption).
        conversation.speechStarted(.agent, at: 0)
        conversation.step(to: 100)
        conversation.speechEnded(.agent, at: 100)
        conversation.step(to: 130)
        conversation.speechStarted(.customer, at: 130)
        conversation.step(to: 230)
        conversation.speechStarted(.agent, at: 230)
        conversation.step(to: 280)
        conversation.speechEnded(.customer, at: 280)
        conversation.step(to: 300)
        conversation.speechEnded(.agent, at: 300)
        // The customer asks again (7-8 s), the agent replies 0.6 s after (8.6-9.2 s); then dead air to 21.2 s.
        conversation.step(to: 350)
        conversation.speechStarted(.customer, at: 350)
        conversation.step(to: 400)
        conversation.speechEnded(.customer, at: 400)
        conversation.step(to: 430)
        conversation.speechStarted(.agent, at: 430)
        conversation.step(to: 460)
        conversation.speechEnded(.agent, at: 460)
        conversation.step(to: 1060)
        conversation.close()
        var metrics = ConversationMetrics(from: 0, to: 21.2)
        metrics.agentTalkSeconds = conversation.talkTime(.agent)
        metrics.customerTalkSeconds = conversation.talkTime(.customer)
        metrics.completeRatios(singleLeg: false)
        let alert = Alert(id: "dead-air-1", callId: "s", rule: "dead-air", metric: .deadAir, severity: .warning, condition: "deadAir > 10", value: 10, raisedAt: 16)
        let scorecard = Scorecard.standard
        let summary = CallSummary(
            callId: "s", endFrame: 1060, metrics: metrics, scorecard: scorecard, conversation: conversation, alerts: [alert], legs: [])
        #expect(abs(summary.mediaSeconds - 21.2) < 1e-9)
        #expect(summary.finalScore == scorecard.score(metrics))
        #expect(summary.interruptions.map { $0.by } == [Leg.agent])
        #expect(summary.responseLatencies.count == 1 && abs(summary.responseLatencies[0] - 0.6) < 1e-9, "\(summary.responseLatencies)")
        #expect(summary.deadAirSpans.contains { abs($0.start - 9.2) < 1e-9 && abs($0.length - 12) < 1e-9 }, "\(summary.deadAirSpans)")
        #expect(summary.alerts == [alert])
        #expect(summary.note == nil)
        // One leg: the summary says what it could not measure.
        var mono = metrics
        mono.completeRatios(singleLeg: true)
        let single = CallSummary(
            callId: "s", endFrame: 1060, metrics: mono, scorecard: scorecard, conversation: conversation, alerts: [], legs: [])
        #expect(single.note == CallSummary.singleLegNote)
    }
}

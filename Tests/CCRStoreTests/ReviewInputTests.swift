import CCRCore
import CCRStore
import Testing

/// How a supervisor's validation becomes a review's score against the machine's explanation.
@Suite("Review input")
struct ReviewInputTests {
    static let explained: [Scorecard.CriterionResult] = {
        var metrics = ConversationMetrics(from: 0, to: 60)
        metrics.talkRatio = 0.9
        metrics.longestDeadAirSeconds = 12
        return Scorecard.standard.score(metrics).criteria
    }()

    func lost(_ name: String, in explained: [Scorecard.CriterionResult] = explained) -> Double {
        explained.first { $0.name == name }?.pointsLost ?? -1
    }

    func problem(_ result: Result<(verdict: ReviewVerdict, score: Double, corrections: [CriterionCorrection]), ReviewInput.Problem>) -> ReviewInput.Problem? {
        if case .failure(let problem) = result { return problem }
        return nil
    }

    @Test func aCorrectionWithoutScoreMovesTheMachinesScoreByTheCorrectedPoints() throws {
        let input = ReviewInput(verdict: .corrected, criteria: [("dead air", 0), ("talkRatio", lost("talk ratio") + 5)])
        let resolved = try input.resolve(machineScore: 70, explanation: Self.explained).get()
        #expect(resolved.verdict == .corrected)
        #expect(abs(resolved.score - (70 + lost("dead air") - 5)) < 0.001)
        #expect(resolved.corrections.map(\.name) == ["dead air", "talk ratio"])
        #expect(resolved.corrections.map(\.machinePointsLost) == [lost("dead air"), lost("talk ratio")])
    }

    @Test func theScoreStaysWithin0And100() throws {
        let generous = ReviewInput(criteria: [("dead air", 0), ("talk ratio", 0)])
        #expect(try generous.resolve(machineScore: 99, explanation: Self.explained).get().score == 100)
        let harsh = ReviewInput(criteria: [("dead air", 100)])
        #expect(try harsh.resolve(machineScore: 10, explanation: Self.explained).get().score == 0)
    }

    @Test func withoutAMachineScoreTheCriteriaGiveIt() throws {
        let total = Self.explained.reduce(0) { $0 + $1.pointsLost }
        let input = ReviewInput(criteria: [("dead air", 0)])
        let resolved = try input.resolve(machineScore: nil, explanation: Self.explained).get()
        #expect(abs(resolved.score - (100 - total + lost("dead air"))) < 0.001)
        #expect(problem(ReviewInput(verdict: .confirmed).resolve(machineScore: nil, explanation: nil)) == .nothingToConfirm)
    }

    @Test func aScoreAloneConfirmsWhenItIsTheMachinesAndCorrectsOtherwise() throws {
        #expect(try ReviewInput(score: 70).resolve(machineScore: 70, explanation: nil).get().verdict == .confirmed)
        #expect(try ReviewInput(score: 71).resolve(machineScore: 70, explanation: nil).get().verdict == .corrected)
        #expect(problem(ReviewInput(verdict: .confirmed, criteria: [("dead air", 1)]).resolve(machineScore: 70, explanation: Self.explained))
            == .confirmationChangesScore)
        // "scriptStep" names every script step: it is ambiguous when there are several.
        var metrics = ConversationMetrics(from: 0, to: 60)
        metrics.talkRatio = 0.5
        let steps = Scorecard.standard.score(
            metrics,
            adding: [
                (Scorecard.Criterion(name: "script: greeting", metric: .scriptStep, weight: 1, min: 1, tolerance: 1), 1),
                (Scorecard.Criterion(name: "script: closing", metric: .scriptStep, weight: 1, min: 1, tolerance: 1), 0),
            ]
        ).criteria
        #expect(problem(ReviewInput(criteria: [("scriptStep", 0)]).resolve(machineScore: 60, explanation: steps)) == .unknownCriterion("scriptStep"))
        let closing = lost("script: closing", in: steps)
        #expect(closing > 0)
        #expect(abs(try ReviewInput(criteria: [("script: closing", 0)]).resolve(machineScore: 60, explanation: steps).get().score - (60 + closing)) < 0.001)
    }
}

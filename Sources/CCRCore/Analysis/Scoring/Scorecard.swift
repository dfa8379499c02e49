/// Weighted criteria that turn conversation metrics into a 0–100 score, with the reasons.
///
/// A criterion inside its target keeps all its points; outside, it loses them in proportion
/// to the distance, all of them at `tolerance` beyond the limit. A criterion whose metric
/// cannot be measured (no talk, no network figures) is left out and its weight with it.
public struct Scorecard: Sendable, Codable, Equatable {
    /// One scored aspect of the call.
    public struct Criterion: Sendable, Codable, Equatable {
        public var name: String
        public var metric: ScoredMetric
        public var weight: Double
        /// Lowest acceptable value, if any.
        public var min: Double?
        /// Highest acceptable value, if any.
        public var max: Double?
        /// How far past the limit all points are lost.
        public var tolerance: Double

        public init(name: String, metric: ScoredMetric, weight: Double, min: Double? = nil, max: Double? = nil, tolerance: Double) {
            self.name = name
            self.metric = metric
            self.weight = weight
            self.min = min
            self.max = max
            self.tolerance = tolerance
        }

        /// The target as people read it: "0.35–0.65", "≤ 5", "≥ 3.6".
        public var target: String {
            switch (min, max) {
            case (let low?, let high?): "\(Self.format(low))–\(Self.format(high))"
            case (let low?, nil): "≥ \(Self.format(low))"
            case (nil, let high?): "≤ \(Self.format(high))"
            case (nil, nil): "any"
            }
        }

        /// A number without a needless ".0".
        public static func format(_ value: Double) -> String {
            value == value.rounded() ? String(Int(value)) : String(value)
        }

        /// Share of the criterion's points lost for `value`, 0 ... 1.
        public func penalty(for value: Double) -> Double {
            var distance = 0.0
            if let min, value < min { distance = min - value }
            if let max, value > max { distance = value - max }
            guard distance > 0 else { return 0 }
            return tolerance > 0 ? Swift.min(1, distance / tolerance) : 1
        }
    }

    /// How one criterion fared.
    public struct CriterionResult: Sendable, Codable, Equatable {
        public var name: String
        public var metric: ScoredMetric
        /// The measured value, nil when it could not be measured.
        public var value: Double?
        public var target: String
        /// Points (of 100) this criterion cost the score.
        public var pointsLost: Double
    }

    /// A score with its explanation.
    public struct Result: Sendable, Codable, Equatable {
        public var score: Double
        public var scorecardVersion: String
        public var criteria: [CriterionResult]
    }

    /// Named so stored scores say which scorecard made them.
    public var version: String
    public var criteria: [Criterion]

    public init(version: String, criteria: [Criterion]) {
        self.version = version
        self.criteria = criteria
    }

    /// The defaults of the product description.
    public static let standard = Scorecard(
        version: "standard-1",
        criteria: [
            Criterion(name: "talk ratio", metric: .talkRatio, weight: 2, min: 0.35, max: 0.65, tolerance: 0.25),
            Criterion(name: "dead air", metric: .deadAir, weight: 2, max: 5, tolerance: 10),
            Criterion(name: "overtalk", metric: .overtalk, weight: 1, max: 0.10, tolerance: 0.20),
            Criterion(name: "agent interruptions", metric: .agentInterruptionsPerMinute, weight: 1, max: 2, tolerance: 4),
            Criterion(name: "agent monologue", metric: .agentMonologue, weight: 1, max: 60, tolerance: 60),
            Criterion(name: "customer agitation", metric: .customerAgitation, weight: 2, max: 0.3, tolerance: 0.5),
            Criterion(name: "network quality", metric: .mos, weight: 1, min: 3.6, tolerance: 1.0),
        ])

    /// Scores `metrics`, with `extra` criteria measured elsewhere (the script's steps) weighed in
    /// beside the scorecard's own.
    public func score(_ metrics: ConversationMetrics, adding extra: [(Criterion, Double?)] = []) -> Result {
        let measured = criteria.map { ($0, metrics.value(of: $0.metric)) } + extra
        let totalWeight = measured.reduce(0.0) { $0 + ($1.1 == nil ? 0 : $1.0.weight) }
        var score = 100.0
        var results: [CriterionResult] = []
        for (criterion, value) in measured {
            var lost = 0.0
            if let value, totalWeight > 0 {
                lost = 100 * criterion.weight / totalWeight * criterion.penalty(for: value)
            }
            score -= lost
            results.append(
                CriterionResult(
                    name: criterion.name, metric: criterion.metric, value: value, target: criterion.target,
                    pointsLost: lost))
        }
        return Result(score: Swift.max(0, score), scorecardVersion: version, criteria: results)
    }
}

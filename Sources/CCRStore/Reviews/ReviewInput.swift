import CCRCore

/// What a supervisor submits about an ended call: a verdict on the machine's score, an overall
/// score and/or per-criterion corrections, and a comment. `resolve` turns it into the review's
/// score against the call's explained score.
public struct ReviewInput: Sendable, Equatable {
    public var verdict: ReviewVerdict?
    /// The human's overall score, 0 ... 100.
    public var score: Double?
    /// Points (of 100) the supervisor takes off per criterion, by the criterion's name as in
    /// `scoreDetail` ("dead air", "script: greeting") or its metric when only one has it.
    public var criteria: [(criterion: String, pointsLost: Double)]
    public var comment: String?

    public init(verdict: ReviewVerdict? = nil, score: Double? = nil, criteria: [(criterion: String, pointsLost: Double)] = [], comment: String? = nil) {
        self.verdict = verdict
        self.score = score
        self.criteria = criteria
        self.comment = comment
    }

    public static func == (a: ReviewInput, b: ReviewInput) -> Bool {
        a.verdict == b.verdict && a.score == b.score && a.comment == b.comment
            && a.criteria.map(\.criterion) == b.criteria.map(\.criterion) && a.criteria.map(\.pointsLost) == b.criteria.map(\.pointsLost)
    }

    /// Why an input cannot be a review of a call.
    public enum Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// Confirming needs a machine score.
        case nothingToConfirm
        /// A confirmation carried a different score or corrections.
        case confirmationChangesScore
        /// A correction said nothing: no score, no criterion.
        case emptyCorrection
        /// A corrected criterion the call's score does not have.
        case unknownCriterion(String)
        /// The same criterion twice.
        case repeatedCriterion(String)

        public var description: String {
            switch self {
            case .nothingToConfirm: "the call has no machine score to confirm; give a score (verdict corrected)"
            case .confirmationChangesScore: "a confirmation keeps the machine's score: leave out score and criteria, or use verdict corrected"
            case .emptyCorrection: "a correction needs a score or at least one corrected criterion"
            case .unknownCriterion(let criterion): "the call's score has no criterion '\(criterion)' (see scoreDetail[].name)"
            case .repeatedCriterion(let criterion): "criterion '\(criterion)' is corrected twice"
            }
        }
    }

    /// The review's verdict, score and corrections against the call's machine score and its
    /// explanation. Without an overall score, a correction's score is the machine's, given back
    /// the points each corrected criterion cost by the machine's reckoning and charged those it
    /// costs by the supervisor's (clamped to 0 ... 100).
    public func resolve(
        machineScore: Double?, explanation: [Scorecard.CriterionResult]?
    ) -> Result<(verdict: ReviewVerdict, score: Double, corrections: [CriterionCorrection]), Problem> {
        let verdict = self.verdict ?? (score != nil && score == machineScore && criteria.isEmpty ? .confirmed : .corrected)
        switch verdict {
        case .confirmed:
            guard let machineScore else { return .failure(.nothingToConfirm) }
            guard criteria.isEmpty, score == nil || score == machineScore else { return .failure(.confirmationChangesScore) }
            return .success((.confirmed, machineScore, []))
        case .corrected:
            guard score != nil || !criteria.isEmpty else { return .failure(.emptyCorrection) }
            let explained = explanation ?? []
            var corrections: [CriterionCorrection] = []
            for (key, pointsLost) in criteria {
                let byMetric = explained.filter { $0.metric.rawValue == key }
                guard let criterion = explained.first(where: { $0.name == key }) ?? (byMetric.count == 1 ? byMetric[0] : nil) else {
                    return .failure(.unknownCriterion(key))
                }
                guard !corrections.contains(where: { $0.name == criterion.name }) else { return .failure(.repeatedCriterion(criterion.name)) }
                corrections.append(
                    CriterionCorrection(
                        metric: criterion.metric.rawValue, name: criterion.name, machinePointsLost: criterion.pointsLost, pointsLost: pointsLost))
            }
            if let score { return .success((.corrected, score, corrections)) }
            // The machine's score moved by what each corrected criterion gives back or takes.
            let start = machineScore ?? (100 - explained.reduce(0.0) { $0 + $1.pointsLost })
            let moved = start + corrections.reduce(0.0) { $0 + $1.machinePointsLost - $1.pointsLost }
            return .success((.corrected, min(100, max(0, (moved * 1000).rounded() / 1000)), corrections))
        }
    }
}

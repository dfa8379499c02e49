import CCRStore

/// The JSON a supervisor posts to `POST /v1/calls/{id}/review`: a verdict on the machine's
/// score (`confirmed` or `corrected`), an overall score and/or corrected criteria, a comment.
struct ReviewBody: APIBody {
    static let bodyName = "review"

    /// `confirmed` or `corrected`; without it, a score equal to the machine's confirms it.
    var verdict: String?
    /// The human score, 0 ... 100 (a correction without it is computed from its criteria).
    var score: Double?
    /// Criteria corrected: each names a criterion of the call's `scoreDetail` and the points
    /// (0 ... 100) the supervisor takes off for it.
    var criteria: [Criterion]?
    var comment: String?

    struct Criterion: Decodable {
        /// The criterion's `name` in `scoreDetail` ("dead air"), or its `metric` when only one has it.
        var criterion: String
        var pointsLost: Double
    }

    static let maxCommentLength = 4000
    static let maxCriteria = 64

    /// The body as a review input, or a 400 naming the mistake.
    func validated() throws(APIError) -> ReviewInput {
        var parsedVerdict: ReviewVerdict?
        if let verdict {
            guard let value = ReviewVerdict(rawValue: verdict) else {
                throw .badRequest("verdict must be confirmed or corrected")
            }
            parsedVerdict = value
        }
        if let score {
            guard score.isFinite, (0...100).contains(score) else {
                throw .badRequest("score must be a number from 0 to 100")
            }
        }
        let criteria = self.criteria ?? []
        guard criteria.count <= Self.maxCriteria else {
            throw .badRequest("criteria may list at most \(Self.maxCriteria) criteria")
        }
        for item in criteria {
            guard !item.criterion.isEmpty, item.criterion.count <= 128 else {
                throw .badRequest("criteria[].criterion must name a criterion of the call's scoreDetail (1 to 128 characters)")
            }
            guard item.pointsLost.isFinite, (0...100).contains(item.pointsLost) else {
                throw .badRequest("criteria[].pointsLost must be a number from 0 to 100")
            }
        }
        if score == nil && parsedVerdict == nil && criteria.isEmpty {
            throw .badRequest("a review needs a score, corrected criteria, or verdict confirmed")
        }
        if let comment, comment.count > Self.maxCommentLength {
            throw .badRequest("comment must be at most \(Self.maxCommentLength) characters")
        }
        return ReviewInput(
            verdict: parsedVerdict, score: score, criteria: criteria.map { ($0.criterion, $0.pointsLost) }, comment: comment)
    }
}

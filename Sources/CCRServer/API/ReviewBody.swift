/// The JSON a supervisor posts to `POST /v1/calls/{id}/review`.
struct ReviewBody: APIBody {
    static let bodyName = "review"

    /// The human score, 0 ... 100.
    var score: Double
    var comment: String?

    static let maxCommentLength = 4000

    func validate() throws(APIError) {
        guard score.isFinite, (0...100).contains(score) else {
            throw .badRequest("score must be a number from 0 to 100")
        }
        if let comment, comment.count > Self.maxCommentLength {
            throw .badRequest("comment must be at most \(Self.maxCommentLength) characters")
        }
    }
}

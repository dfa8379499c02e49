/// What a supervisor said of the machine's score: it stands, or it was corrected.
public enum ReviewVerdict: String, Sendable, Codable, Equatable, CaseIterable {
    /// The machine's score is right: the human score is the machine's.
    case confirmed
    /// The human changed the score, overall or criterion by criterion.
    case corrected
}

/// What a phrase is listened for: the `set` of a `phrase.detected` event.
public enum PhraseKind: String, Sendable, Codable, CaseIterable {
    /// Something that shows the customer is unhappy (« je veux résilier », "speak to a manager").
    case irritant
    /// A step of the agent's reference script.
    case script
    /// A keyword of a call category (billing, cancellation, …).
    case category
}

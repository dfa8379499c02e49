/// One direction of a call: what the agent says, or what the customer says.
///
/// Every conversation metric needs the two apart, so each leg is its own stream from ingest on.
public enum Leg: String, Sendable, Codable, CaseIterable, Hashable {
    case agent
    case customer
}

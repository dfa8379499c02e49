/// The analyzer ingest runs until the full analysis engine exists: level and speech presence per leg.
public struct CallActivity: CallAnalyzer, Sendable {
    /// Activity of the agent leg.
    public private(set) var agent = LegActivity()
    /// Activity of the customer leg.
    public private(set) var customer = LegActivity()

    public init() {}

    public subscript(leg: Leg) -> LegActivity {
        switch leg {
        case .agent: agent
        case .customer: customer
        }
    }

    public mutating func consume(_ frame: Frame) {
        switch frame.leg {
        case .agent: agent.consume(frame)
        case .customer: customer.consume(frame)
        }
    }
}

/// A person whose data can be erased: an agent (by id) or a caller (by number).
public enum Subject: Sendable, Equatable, CustomStringConvertible {
    case agent(String)
    case caller(String)

    /// "agent" or "caller".
    public var kind: String {
        switch self {
        case .agent: "agent"
        case .caller: "caller"
        }
    }

    public var identifier: String {
        switch self {
        case .agent(let id), .caller(let id): id
        }
    }

    public var description: String { "\(kind) \(identifier)" }

    /// The indexes that hold this kind of person's identifier as a key.
    var indexes: [String] {
        switch self {
        case .agent: ["call_agent", "callAlert_agent", "review_agent"]
        case .caller: ["call_caller", "callAlert_caller"]
        }
    }

    /// The column of `call`, `callAlert` and `review` that names this kind of person.
    var column: String {
        switch self {
        case .agent: "agentId"
        case .caller: "callerNumber"
        }
    }
}

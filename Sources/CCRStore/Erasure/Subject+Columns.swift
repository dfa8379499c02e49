import CCRCore

extension Subject {
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

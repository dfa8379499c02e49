/// A person whose data can be erased (GDPR): an agent by id, or a caller by number. Every
/// holder of call data forgets a subject when told to (see `SubjectForgetting` in CCRServer).
public enum Subject: Sendable, Equatable, Hashable, CustomStringConvertible {
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

    /// Whether a call of `agentId`, from `callerNumber`, is about this subject.
    public func concerns(agentId: String?, callerNumber: String?) -> Bool {
        switch self {
        case .agent(let id): agentId == id
        case .caller(let number): callerNumber == number
        }
    }
}

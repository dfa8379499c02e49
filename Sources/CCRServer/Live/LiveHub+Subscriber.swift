import CCRCore

extension LiveHub: CallEventSubscriber {
    public var holderName: String { "live" }

    /// Live events name agents, never callers: only an agent's are in the replay buffer.
    public func forget(_ subject: Subject) -> Int {
        guard case .agent(let id) = subject else { return 0 }
        return forget(agentId: id)
    }

    public func holdsData(about subject: Subject) -> Bool {
        guard case .agent(let id) = subject else { return false }
        return holdsEvents(ofAgent: id)
    }
}

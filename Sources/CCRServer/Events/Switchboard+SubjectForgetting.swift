import CCRCore
import CCRMedia

extension Switchboard: SubjectForgetting {
    public var holderName: String { "endedCalls" }

    /// Forgets the person's recently ended calls kept for `GET /v1/calls/{id}`.
    public func forget(_ subject: Subject) -> Int {
        switch subject {
        case .agent(let id): forgetEnded(agentId: id)
        case .caller(let number): forgetEnded(callerNumber: number)
        }
    }

    public func holdsData(about subject: Subject) -> Bool {
        holdsEnded { subject.concerns(agentId: $0.agentId, callerNumber: $0.callerNumber) }
    }
}

import Foundation

/// One agent in a period, as the agents list shows it: how many ended calls, the mean score,
/// the alerts, and when the last call started. Teams are those of the agent's calls in the
/// reader's scope.
public struct AgentOverview: Sendable, Equatable {
    public var agentId: String
    public var teams: [String]
    public var calls: Int
    public var meanScore: Double?
    public var alerts: Int
    public var lastCallAt: Date

    public init(agentId: String, teams: [String], calls: Int, meanScore: Double?, alerts: Int, lastCallAt: Date) {
        self.agentId = agentId
        self.teams = teams
        self.calls = calls
        self.meanScore = meanScore
        self.alerts = alerts
        self.lastCallAt = lastCallAt
    }
}

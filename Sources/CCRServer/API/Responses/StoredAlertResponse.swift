import CCRStore
import Foundation

/// An alert a stored call raised, as the API shows it.
struct StoredAlertResponse: Encodable, Equatable {
    var callId: String
    var id: String
    var agentId: String
    var team: String?
    var callerNumber: String?
    var rule: String
    var metric: String
    var severity: String
    var condition: String
    var value: Double
    /// Media time, seconds from the start of the call.
    var raisedAt: Double
    var clearedAt: Double?
    /// Wall-clock time it was raised.
    var at: Date

    init(_ alert: StoredAlert) {
        callId = alert.callId
        id = alert.id
        agentId = alert.agentId
        team = alert.team
        callerNumber = alert.callerNumber
        rule = alert.rule
        metric = alert.metric
        severity = alert.severity
        condition = alert.condition
        value = alert.value
        raisedAt = alert.raisedAt
        clearedAt = alert.clearedAt
        at = alert.at
    }
}

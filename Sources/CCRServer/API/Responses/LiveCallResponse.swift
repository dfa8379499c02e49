import CCRCore
import CCRMedia
import Foundation
import Hummingbird

/// A call the switchboard holds (live, or recently ended) as the API shows it: who, when, its
/// legs and its analysis. Built from the switchboard's `CallSnapshot`; its fields are the API's
/// contract, not the media layer's.
struct LiveCallResponse: ResponseCodable, Equatable {
    struct Legs: Codable, Equatable {
        var agent: LegResponse?
        var customer: LegResponse?
    }

    var callId: String
    var agentId: String
    var team: String?
    var callerNumber: String?
    /// "live" or "ended".
    var state: String
    var endReason: String?
    var startedAt: Date
    var endedAt: Date?
    var durationSeconds: Double
    var isStatic: Bool
    var legs: Legs
    var analysis: AnalysisSnapshot?

    init(_ call: CallSnapshot) {
        callId = call.callId
        agentId = call.agentId
        team = call.team
        callerNumber = call.callerNumber
        state = call.state.rawValue
        endReason = call.endReason?.rawValue
        startedAt = call.startedAt
        endedAt = call.endedAt
        durationSeconds = call.durationSeconds
        isStatic = call.isStatic
        legs = Legs(
            agent: call.legs.agent.map { LegResponse($0, activity: call.activity[.agent]) },
            customer: call.legs.customer.map { LegResponse($0, activity: call.activity[.customer]) })
        analysis = call.analysis
    }
}

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
    /// `rtp` or `pulse`.
    var source: String
    /// A PulseAudio call's legs: server, source, seconds captured, holes, gaps, whether
    /// each still records; absent for RTP calls.
    var capture: CaptureLegs?
    var analysis: AnalysisSnapshot?

    struct CaptureLegs: Codable, Equatable {
        var agent: CaptureLegResponse?
        var customer: CaptureLegResponse?
    }

    struct CaptureLegResponse: Codable, Equatable {
        var server: String
        var source: String
        var capturedSeconds: Double
        var holeSeconds: Double
        /// Times the server went away and came back, and the silence that left on the leg.
        var gaps: Int
        var gapSeconds: Double
        var recording: Bool

        init(_ capture: CaptureStatistics) {
            server = capture.server
            source = capture.source
            capturedSeconds = capture.capturedSeconds
            holeSeconds = capture.holeSeconds
            gaps = capture.gaps
            gapSeconds = capture.gapSeconds
            recording = capture.recording
        }
    }

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
        source = call.captures.isEmpty ? "rtp" : "pulse"
        capture = call.captures.isEmpty
            ? nil : CaptureLegs(agent: call.captures[.agent].map(CaptureLegResponse.init), customer: call.captures[.customer].map(CaptureLegResponse.init))
        analysis = call.analysis
    }
}

import CCRStore

/// One scored window of a stored call's timeline as the API shows it.
struct TimelineWindowResponse: Encodable, Equatable {
    var callId: String
    /// From 0, in the order the windows were scored.
    var number: Int
    var fromSeconds: Double
    var toSeconds: Double
    var score: Double
    /// The call-so-far score at the end of this window.
    var cumulativeScore: Double
    var talkRatio: Double?
    var deadAirSeconds: Double
    var overtalkRatio: Double
    var agentInterruptions: Int
    var customerAgitation: Double
    var mos: Double?
    var lossPercent: Double?
    var jitterMs: Double?

    init(_ window: TimelineWindow) {
        callId = window.callId
        number = window.number
        fromSeconds = window.fromSeconds
        toSeconds = window.toSeconds
        score = window.score
        cumulativeScore = window.cumulativeScore
        talkRatio = window.talkRatio
        deadAirSeconds = window.deadAirSeconds
        overtalkRatio = window.overtalkRatio
        agentInterruptions = window.agentInterruptions
        customerAgitation = window.customerAgitation
        mos = window.mos
        lossPercent = window.lossPercent
        jitterMs = window.jitterMs
    }
}

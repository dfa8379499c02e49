/// The live state of a call's analysis, as the API shows it.
public struct AnalysisSnapshot: Sendable, Codable, Equatable {
    /// Media time analysed so far, seconds.
    public var mediaSeconds: Double
    /// Legs speaking now.
    public var speaking: [Leg]
    public var deadAirSeconds: Double
    public var overtalkSeconds: Double
    public var agentTurnSeconds: Double
    public var agentAgitation: Double?
    public var customerAgitation: Double?
    public var lastWindow: WindowScore?
    public var openAlerts: [Alert]
    public var alerts: [Alert]
    public var scoreTimeline: [CallAnalysis.WindowPoint]
    /// Frames that arrived after their time had been analysed (dropped).
    public var lateFrames: Int
    /// Final score and summary, once the call has ended.
    public var summary: CallSummary?
}

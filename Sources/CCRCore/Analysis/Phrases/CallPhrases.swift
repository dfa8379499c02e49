/// What was said in a call, once its transcription is complete: the `call.phrases` event and
/// what the store keeps of it. Script adherence step by step, the categories with their
/// evidence, the irritant moments, the alerts raised on phrases, and the call's final score
/// with the script's steps among its criteria.
public struct CallPhrases: Sendable, Equatable, Codable {
    public var callId: String
    public var agentId: String
    public var team: String?
    /// The call's length, media seconds.
    public var mediaSeconds: Double
    /// The language the call was heard in (the agent's, else the customer's); nil when nothing was.
    public var language: String?
    /// The script the agent was held to: its language and team (nil team: the default).
    public var scriptLanguage: String?
    public var scriptTeam: String?
    public var steps: [ScriptStepResult]
    /// Share of the script's heard steps said on time, 0 … 1; nil without a script or heard step.
    public var adherence: Double?
    public var categories: [CallCategory]
    public var irritants: [IrritantMoment]
    /// Phrases detected in the call, all sets.
    public var detections: Int
    /// Alerts raised on phrases, with their final state.
    public var alerts: [Alert]
    /// The call's final score: the acoustic criteria and the script steps; nil when the call had
    /// no summary.
    public var score: Scorecard.Result?

    public init(
        callId: String, agentId: String, team: String?, mediaSeconds: Double, language: String?, scriptLanguage: String?, scriptTeam: String?,
        steps: [ScriptStepResult], adherence: Double?, categories: [CallCategory], irritants: [IrritantMoment],
        detections: Int, alerts: [Alert], score: Scorecard.Result?
    ) {
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.mediaSeconds = mediaSeconds
        self.language = language
        self.scriptLanguage = scriptLanguage
        self.scriptTeam = scriptTeam
        self.steps = steps
        self.adherence = adherence
        self.categories = categories
        self.irritants = irritants
        self.detections = detections
        self.alerts = alerts
        self.score = score
    }
}

import CCRCore
import Foundation

/// The hub's picture of one live call, kept from its events, for the snapshot a client gets
/// on connect.
struct LiveCallState: Sendable, Encodable {
    var callId: String
    var agentId: String
    var team: String?
    /// `rtp` or `pulse`.
    var source: String?
    var startedAt: Date
    /// Media time of the latest event, seconds.
    var mediaTime: Double = 0
    /// The latest window's score.
    var score: Double?
    var cumulativeScore: Double?
    /// The last `trendLength` window scores, oldest first.
    var trend: [Double] = []
    /// The latest `window.scored` payload: metrics and explained score.
    var window: WindowScore?
    var openAlerts: [Alert] = []
    /// Alerts raised on the call so far (cleared ones too).
    var alertsRaised = 0

    static let trendLength = 20

    init(info: CallInfo, startedAt: Date) {
        self.callId = info.callId
        self.agentId = info.agentId
        self.team = info.team
        self.source = info.source
        self.startedAt = startedAt
    }

    mutating func apply(_ event: CallEvent) {
        mediaTime = max(mediaTime, event.mediaTime)
        switch event {
        case .windowScored(let scored):
            score = scored.score.score
            cumulativeScore = scored.cumulativeScore.score
            trend.append(scored.score.score)
            if trend.count > Self.trendLength { trend.removeFirst(trend.count - Self.trendLength) }
            window = scored
        case .alertRaised(let alert):
            openAlerts.append(alert)
            alertsRaised += 1
        case .alertCleared(let alert):
            openAlerts.removeAll { $0.id == alert.id }
        case .callStarted, .callEnded, .callOpened, .callClosed, .agitationEpisode, .utterance, .transcriptSegment, .transcriptGap,
            .transcriptProgress, .phraseDetected, .callPhrases:
            break
        }
    }

    private enum CodingKeys: String, CodingKey {
        case callId, agentId, team, startedAt, mediaTime, score, cumulativeScore, trend, window, openAlerts, alertsRaised
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(callId, forKey: .callId)
        try container.encode(agentId, forKey: .agentId)
        try container.encode(team, forKey: .team)
        try container.encode(ServerTime.format(startedAt), forKey: .startedAt)
        try container.encode(mediaTime, forKey: .mediaTime)
        try container.encode(score, forKey: .score)
        try container.encode(cumulativeScore, forKey: .cumulativeScore)
        try container.encode(trend, forKey: .trend)
        try container.encode(window, forKey: .window)
        try container.encode(openAlerts, forKey: .openAlerts)
        try container.encode(alertsRaised, forKey: .alertsRaised)
    }
}

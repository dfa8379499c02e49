import CCRCore
import CCRStore
import Foundation

/// What the store writer holds for one live call: who it is, and what analysis produced since the
/// call's last checkpoint (written windows are let go, so memory stays small for long calls).
struct UnwrittenCall: Sendable {
    /// The call as it was opened.
    var identity: CallRecord?
    /// Windows not yet written.
    var windows: [TimelineWindow] = []
    var nextWindow = 0
    /// Alerts raised or cleared since the last checkpoint, by id.
    var alerts: [String: Alert] = [:]
    var alertCount = 0
    var cumulative: Scorecard.Result?
    var mediaSeconds = 0.0
    /// Something changed since the last checkpoint.
    var dirty = true
    /// The call has a row in the store.
    var written = false

    mutating func record(_ event: CallEvent) {
        switch event {
        case .windowScored(let scored):
            windows.append(TimelineWindow(number: nextWindow, scored))
            nextWindow += 1
            cumulative = scored.cumulativeScore
            mediaSeconds = max(mediaSeconds, scored.window.to)
        case .alertRaised(let alert):
            alerts[alert.id] = alert
            alertCount += 1
        case .alertCleared(let alert):
            alerts[alert.id] = alert
        case .callStarted, .callEnded, .callOpened, .callClosed, .agitationEpisode, .utterance, .transcriptSegment, .transcriptGap,
            .transcriptProgress, .phraseDetected, .callPhrases:
            return
        }
        dirty = true
    }

    /// The live call's checkpoint, taking the pending windows and alerts; nil when nothing changed
    /// or the call is not yet known.
    mutating func checkpoint(now: Date) -> CallCheckpoint? {
        guard let identity, dirty || !written else { return nil }
        let startedAt = Date(timeIntervalSince1970: identity.startedAt)
        let call = StoredCall(
            id: identity.callId, agentId: identity.agentId, team: identity.team, callerNumber: identity.callerNumber,
            state: .live, endReason: nil, startedAt: startedAt, endedAt: nil,
            durationSeconds: max(0, now.timeIntervalSince(startedAt)), mediaSeconds: mediaSeconds,
            codecs: identity.codecs, score: cumulative?.score, scorecardVersion: cumulative?.scorecardVersion,
            scoreDetail: cumulative?.criteria, summary: nil, alertCount: alertCount, checkpointedAt: now)
        let checkpoint = CallCheckpoint(
            call: call, windows: windows, alerts: alerts.values.map { Self.stored($0, identity) })
        windows = []
        alerts = [:]
        dirty = false
        written = true
        return checkpoint
    }

    /// Puts back what a failed checkpoint took.
    mutating func restore(_ checkpoint: CallCheckpoint) {
        windows = checkpoint.windows + windows
        dirty = true
        written = false
        for alert in checkpoint.alerts where alerts[alert.id] == nil {
            alerts[alert.id] = Alert(
                id: alert.id, callId: alert.callId, rule: alert.rule, metric: AlertRule.Metric(rawValue: alert.metric) ?? .deadAir,
                severity: Severity(rawValue: alert.severity) ?? .warning, condition: alert.condition, value: alert.value,
                raisedAt: alert.raisedAt, clearedAt: alert.clearedAt)
        }
    }

    /// The ended call: final row, remaining windows, every alert with its final state, legs.
    mutating func final(_ record: CallRecord, now: Date) -> CallCheckpoint {
        let summary = record.summary
        let score = summary?.finalScore ?? cumulative
        // The summary's alerts, and any other raised since the last checkpoint (on what was said).
        let summarized = Set(summary?.alerts.map(\.id) ?? [])
        let allAlerts = (summary?.alerts ?? []) + alerts.values.filter { !summarized.contains($0.id) }.sorted { $0.raisedAt < $1.raisedAt }
        let call = StoredCall(
            id: record.callId, agentId: record.agentId, team: record.team, callerNumber: record.callerNumber,
            state: .ended, endReason: record.endReason ?? "shutdown", startedAt: Date(timeIntervalSince1970: record.startedAt),
            endedAt: record.endedAt.map(Date.init(timeIntervalSince1970:)) ?? now, durationSeconds: record.durationSeconds,
            mediaSeconds: summary?.mediaSeconds ?? mediaSeconds, codecs: record.codecs, score: score?.score,
            scorecardVersion: score?.scorecardVersion, scoreDetail: score?.criteria, summary: summary.map(StoredSummary.init),
            alertCount: max(alertCount, allAlerts.count), checkpointedAt: now)
        let legs = record.legs.map { leg in
            StoredLeg(
                callId: record.callId, leg: leg.leg.rawValue, codec: leg.codec, packets: leg.packets, bytes: leg.bytes,
                lost: leg.lost, duplicates: leg.duplicates, reordered: leg.reordered, late: leg.late, malformed: leg.malformed,
                jitterMs: leg.jitterMs, mos: leg.mos, decodedSeconds: leg.decodedSeconds, concealedSeconds: leg.concealedSeconds,
                speechSeconds: leg.speechSeconds)
        }
        let checkpoint = CallCheckpoint(
            call: call, windows: windows, alerts: allAlerts.map { Self.stored($0, record) }, legs: legs,
            activity: summary.map(CallActivity.init))
        windows = []
        return checkpoint
    }

    static func stored(_ alert: Alert, _ call: CallRecord) -> StoredAlert {
        StoredAlert(
            alert, agentId: call.agentId, team: call.team, callerNumber: call.callerNumber,
            callStartedAt: Date(timeIntervalSince1970: call.startedAt))
    }
}

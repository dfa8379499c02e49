import CCRCore
import CCRMedia
import CCRStore
import Hummingbird

/// `GET /v1/calls/{id}`: the stored call with its timeline, alerts, reviews and transcript, and, while the
/// switchboard still holds it, its live state (`live`). Either part may be missing: a call not
/// yet checkpointed has no stored part; a call from an earlier run has no live part.
struct CallView: ResponseEncodable {
    var call: StoredCallResponse?
    var legs: [StoredLegResponse]
    var timeline: [TimelineWindowResponse]
    var alerts: [StoredAlertResponse]
    var reviews: [ReviewResponse]
    /// What was said (both legs, in time order), as far as transcribed and kept.
    var transcript: [TranscriptSegmentResponse]
    var transcription: TranscriptCoverageResponse?
    /// The phrases heard (irritants, script steps, category keywords), in time order.
    var phrases: [PhraseResponse]
    /// Script adherence, categories, irritant moments: the `call.phrases` report, once the call's
    /// transcription is complete.
    var whatWasSaid: CallPhrases?
    /// Who spoke when (each leg's speech, dead air, overtalk), once the call has ended.
    var activity: CallActivity?
    var live: LiveCallResponse?

    init(stored: CallDetail?, live: CallSnapshot?) {
        call = stored.map { StoredCallResponse($0.call) }
        legs = stored?.legs.map(StoredLegResponse.init) ?? []
        timeline = stored?.timeline.map(TimelineWindowResponse.init) ?? []
        alerts = stored?.alerts.map(StoredAlertResponse.init) ?? []
        reviews = stored?.reviews.map(ReviewResponse.init) ?? []
        transcript = stored?.transcript.map(TranscriptSegmentResponse.init) ?? []
        transcription = stored?.transcription.map(TranscriptCoverageResponse.init)
        phrases = stored?.phrases.map(PhraseResponse.init) ?? []
        whatWasSaid = stored?.phraseReport
        activity = stored?.activity
        self.live = live.map(LiveCallResponse.init)
    }
}

import CCRCore

/// A stored call with everything kept about it: legs, window timeline, alerts and reviews.
public struct CallDetail: Sendable, Codable, Equatable {
    public var call: StoredCall
    public var legs: [StoredLeg]
    public var timeline: [TimelineWindow]
    public var alerts: [StoredAlert]
    public var reviews: [Review]
    /// What was said, in media-time order (both legs), while its retention lasts.
    public var transcript: [StoredTranscriptSegment]
    /// How much of the call's speech was transcribed; nil when nothing was cut for transcription.
    public var transcription: TranscriptCoverage?
    /// The phrases heard, in time order.
    public var phrases: [StoredPhrase]
    /// What was said, once the call's transcription is complete (`call.phrases`).
    public var phraseReport: CallPhrases?
    /// Who spoke when (read for one call's detail, not for exports).
    public var activity: CallActivity?

    public init(
        call: StoredCall, legs: [StoredLeg], timeline: [TimelineWindow], alerts: [StoredAlert], reviews: [Review],
        transcript: [StoredTranscriptSegment] = [], transcription: TranscriptCoverage? = nil, phrases: [StoredPhrase] = [],
        phraseReport: CallPhrases? = nil
    ) {
        self.phrases = phrases
        self.phraseReport = phraseReport
        self.transcript = transcript
        self.transcription = transcription
        self.call = call
        self.legs = legs
        self.timeline = timeline
        self.alerts = alerts
        self.reviews = reviews
    }
}

/// What a call tells the rest of ccrd, its only output: one enum, with a versioned JSON shape
/// (docs/events.md).
///
/// Every event carries the call id and the media time it refers to (seconds from the call's
/// first audio). Delivery adds sequence numbers and server time; analysis has no clock.
///
/// Analysis emits the first six. A live call opens with `callOpened` and closes with
/// `callClosed`, whose record holds everything the store keeps of it, the summary included (a
/// live call's summary travels only there, not as `callEnded`); the live hub turns it into
/// `call.ended` for clients. Those two name the caller: they are never sent to clients.
public enum CallEvent: Sendable, Equatable {
    case callStarted(CallInfo, at: Double)
    case windowScored(WindowScore)
    case alertRaised(Alert)
    case alertCleared(Alert)
    case callEnded(CallSummary)
    /// A leg's agitation episode (shouting) ended.
    case agitationEpisode(AgitationEpisode)
    /// A live call is set up (before any media).
    case callOpened(CallRecord)
    /// A live call is over: the final event of its stream.
    case callClosed(CallRecord)
    /// A leg's stretch of speech with its audio, for the transcriber (internal, never sent or stored).
    case utterance(Utterance)
    /// What was said in an utterance (the transcriber's, back on the stream).
    case transcriptSegment(TranscriptSegment)
    /// An utterance left untranscribed (internal: the call's coverage counts it).
    case transcriptGap(TranscriptGap)
    /// How far a leg's transcription has come (internal: phrase deadlines are judged on it).
    case transcriptProgress(TranscriptProgress)
    /// A phrase of the phrase book heard in a transcript segment.
    case phraseDetected(PhraseDetection)
    /// What was said in the call, once its transcription is complete: script adherence,
    /// categories, irritant moments, the score with the script's steps.
    case callPhrases(CallPhrases)

    /// Version of the JSON shape; bumped on any incompatible change.
    public static let schemaVersion = 1

    /// The `type` field: "call.started", "window.scored", "alert.raised", "alert.cleared",
    /// "leg.agitation", "call.ended", "transcript.segment", "phrase.detected", "call.phrases" (and
    /// internal ones, never sent).
    public var type: String {
        switch self {
        case .callStarted: "call.started"
        case .windowScored: "window.scored"
        case .alertRaised: "alert.raised"
        case .alertCleared: "alert.cleared"
        case .callEnded: "call.ended"
        case .agitationEpisode: "leg.agitation"
        case .callOpened: "call.opened"
        case .callClosed: "call.closed"
        case .utterance: "utterance"
        case .transcriptSegment: "transcript.segment"
        case .transcriptGap: "transcript.gap"
        case .transcriptProgress: "transcript.progress"
        case .phraseDetected: "phrase.detected"
        case .callPhrases: "call.phrases"
        }
    }

    public var callId: String {
        switch self {
        case .callStarted(let info, _): info.callId
        case .windowScored(let window): window.callId
        case .alertRaised(let alert), .alertCleared(let alert): alert.callId
        case .callEnded(let summary): summary.callId
        case .agitationEpisode(let episode): episode.callId
        case .callOpened(let record), .callClosed(let record): record.callId
        case .utterance(let utterance): utterance.callId
        case .transcriptSegment(let segment): segment.callId
        case .transcriptGap(let gap): gap.callId
        case .transcriptProgress(let progress): progress.callId
        case .phraseDetected(let detection): detection.callId
        case .callPhrases(let phrases): phrases.callId
        }
    }

    /// Media time the event refers to, seconds.
    public var mediaTime: Double {
        switch self {
        case .callStarted(_, let at): at
        case .windowScored(let window): window.window.to
        case .alertRaised(let alert): alert.raisedAt
        case .alertCleared(let alert): alert.clearedAt ?? alert.raisedAt
        case .callEnded(let summary): summary.mediaSeconds
        case .agitationEpisode(let episode): episode.end
        case .callOpened: 0
        case .callClosed(let record): record.summary?.mediaSeconds ?? 0
        case .utterance(let utterance): utterance.end
        case .transcriptSegment(let segment): segment.end
        case .transcriptGap(let gap): gap.end
        case .transcriptProgress(let progress): progress.through
        case .phraseDetected(let detection): detection.end
        case .callPhrases(let phrases): phrases.mediaSeconds
        }
    }
}

extension CallEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case version, type, callId, mediaTime, call, window, alert, summary, episode, segment, phrase, phrases
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaVersion, forKey: .version)
        try container.encode(type, forKey: .type)
        try container.encode(callId, forKey: .callId)
        try container.encode(mediaTime, forKey: .mediaTime)
        switch self {
        case .callStarted(let info, _): try container.encode(info, forKey: .call)
        case .windowScored(let window): try container.encode(window, forKey: .window)
        case .alertRaised(let alert), .alertCleared(let alert): try container.encode(alert, forKey: .alert)
        case .callEnded(let summary): try container.encode(summary, forKey: .summary)
        case .agitationEpisode(let episode): try container.encode(episode, forKey: .episode)
        case .transcriptSegment(let segment): try container.encode(segment, forKey: .segment)
        case .phraseDetected(let detection): try container.encode(detection, forKey: .phrase)
        case .callPhrases(let phrases): try container.encode(phrases, forKey: .phrases)
        case .callOpened, .callClosed: break  // internal: the record (caller's number) is never encoded
        case .utterance, .transcriptGap, .transcriptProgress: break  // internal: audio and figures, never sent
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "call.started":
            self = .callStarted(
                try container.decode(CallInfo.self, forKey: .call), at: try container.decode(Double.self, forKey: .mediaTime))
        case "window.scored": self = .windowScored(try container.decode(WindowScore.self, forKey: .window))
        case "alert.raised": self = .alertRaised(try container.decode(Alert.self, forKey: .alert))
        case "alert.cleared": self = .alertCleared(try container.decode(Alert.self, forKey: .alert))
        case "call.ended": self = .callEnded(try container.decode(CallSummary.self, forKey: .summary))
        case "leg.agitation": self = .agitationEpisode(try container.decode(AgitationEpisode.self, forKey: .episode))
        case "transcript.segment": self = .transcriptSegment(try container.decode(TranscriptSegment.self, forKey: .segment))
        case "phrase.detected": self = .phraseDetected(try container.decode(PhraseDetection.self, forKey: .phrase))
        case "call.phrases": self = .callPhrases(try container.decode(CallPhrases.self, forKey: .phrases))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown event type \(type)")
        }
    }
}

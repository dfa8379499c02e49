/// An utterance that was not transcribed, and why: what a call's transcript coverage counts.
/// Internal: stored as figures, never sent to clients.
public struct TranscriptGap: Sendable, Equatable {
    /// Why an utterance went untranscribed.
    public enum Reason: String, Sendable, Equatable, CaseIterable {
        /// It waited longer than `transcription.maxLag`.
        case lag
        /// The queue held `transcription.maxBacklog` of audio already (it, or a later call's, gave way).
        case backlog
        /// The engine failed on it.
        case failed
        /// Transcription stopped (shutdown) before its turn.
        case stopped
    }

    public var callId: String
    public var leg: Leg
    public var start: Double
    public var end: Double
    public var reason: Reason

    public init(callId: String, leg: Leg, start: Double, end: Double, reason: Reason) {
        self.callId = callId
        self.leg = leg
        self.start = start
        self.end = end
        self.reason = reason
    }
}

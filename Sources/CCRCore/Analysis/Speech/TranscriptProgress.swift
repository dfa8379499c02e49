/// How far a leg's transcription has come: every utterance of the leg that ended before
/// `through` is transcribed or given up, and `finished` once the call is closed and nothing of
/// it is left to transcribe. Internal (never sent or stored): what lets phrase deadlines
/// ("the greeting within 15 s") be judged without waiting for the call's end.
public struct TranscriptProgress: Sendable, Equatable {
    public var callId: String
    public var leg: Leg
    /// Media seconds.
    public var through: Double
    public var finished: Bool

    public init(callId: String, leg: Leg, through: Double, finished: Bool) {
        self.callId = callId
        self.leg = leg
        self.through = through
        self.finished = finished
    }
}

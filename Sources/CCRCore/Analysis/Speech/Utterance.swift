/// A stretch of one leg's speech, cut by the analysis's own voice activity at a pause or at the
/// length cap, with its audio: what the transcriber turns into text. An internal event: it never
/// reaches clients or the store.
public struct Utterance: Sendable, Equatable {
    public var callId: String
    public var agentId: String
    public var team: String?
    public var leg: Leg
    /// Its number on the leg, from 0.
    public var number: Int
    /// Media time of its first sample, seconds.
    public var start: Double
    /// 16 kHz mono, −1 … 1, with a short margin of the quiet around the speech.
    public var samples: [Float]

    public init(callId: String, agentId: String, team: String?, leg: Leg, number: Int, start: Double, samples: [Float]) {
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.leg = leg
        self.number = number
        self.start = start
        self.samples = samples
    }

    /// Seconds of audio.
    public var duration: Double { Double(samples.count) / Double(Frame.sampleRate) }
    /// Media time just after its last sample, seconds.
    public var end: Double { start + duration }
}

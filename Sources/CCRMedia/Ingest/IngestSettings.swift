import CCRCore

/// How RTP ingest listens and buffers: the `ingest.rtp` and `agents` sections of the configuration.
public struct IngestSettings: Sendable {
    /// Address the RTP ports bind to.
    public var bindAddress = "127.0.0.1"
    /// Ports handed to API-started calls: each leg takes an even port for RTP and the next for RTCP.
    public var portRange: ClosedRange<Int> = 40_000...44_999
    /// A call with no packet on any leg for this long ends.
    public var idleTimeout: Duration = .seconds(15)
    /// How long a missing packet is waited for before it is concealed.
    public var jitterBufferMilliseconds = 60
    /// Payload types accepted for a leg whose codec is Opus (dynamic types, RFC 3551).
    public var opusPayloadTypes: Set<UInt8> = Set(96...127)
    /// SO_RCVBUF of each RTP socket.
    public var receiveBufferBytes = 262_144
    /// Datagrams read per system call (recvmmsg).
    public var vectorReadCount = 4
    /// Packets in sequence from one address before a leg without `source` latches on to it.
    public var learningPackets = 3
    /// How far a sender's timestamps may run ahead of elapsed time before the leg resyncs.
    public var resyncThreshold: Duration = .seconds(1)
    /// Most silence one packet may add for a gap in its timestamps.
    public var maxMediaPerPacket: Duration = .seconds(1)
    /// How long a two-leg call holds its first audio for both senders' RTCP sender reports, to
    /// place its legs by their clocks rather than by arrival (zero: always by arrival).
    public var placementWait: Duration = .seconds(1)
    /// Calls started through the API that may be live at once, in all and per token.
    public var maxCalls = 2000
    public var maxCallsPerToken = 1000
    /// Calls one token may start per second (a burst of as many is allowed).
    public var startsPerSecond = 50
    /// Ended calls kept in memory for `GET /v1/calls/{id}`.
    public var keepEndedCalls = 1000
    /// Agents whose gateway sends to fixed ports without calling the API.
    public var staticLines: [StaticLineSettings] = []
    /// `ingest.pulse.server`: the PulseAudio server of lines that name none (nil: PULSE_SERVER,
    /// else libpulse's default).
    public var pulseServer: String?
    /// Agents captured from PulseAudio (`agents[].pulse`), by the API's `source: "pulse"`.
    public var pulseLines: [PulseLine] = []
    /// `ingest.pulse.autoCalls`: every PulseAudio line is recorded all the time and its calls
    /// start on speech on both legs and end after `pulseIdleTimeout` of silence on both
    /// (`PulseStation`), instead of through the API.
    public var pulseAutoCalls = false
    /// `ingest.pulse.idleTimeout`: the silence on both legs that ends an automatic call, and
    /// the quiet after which speech starts the next.
    public var pulseIdleTimeout: Duration = .seconds(8)
    /// How each call is analysed and scored.
    public var analysis = AnalysisSettings()

    public init() {}

    /// Payload types a leg of `codec` accepts.
    public func payloadTypes(for codec: Codec) -> Set<UInt8> {
        codec.staticPayloadType.map { [$0] } ?? opusPayloadTypes
    }

    /// Receiver settings for one leg.
    public func legSettings(codec: Codec, source: String?) -> RTPLeg.Settings {
        RTPLeg.Settings(
            codec: codec, payloadTypes: payloadTypes(for: codec), jitterBufferMilliseconds: jitterBufferMilliseconds,
            allowedSource: source,
            maxSilenceFillSamples: MediaClock.samples(maxMediaPerPacket),
            learningPackets: learningPackets,
            resyncThresholdSamples: MediaClock.samples(resyncThreshold))
    }
}

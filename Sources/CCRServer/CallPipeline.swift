import CCRCore
import CCRMedia
import CCRStore
import Logging
import NIOPosix

/// Where calls go, wired as ccrd runs them: every call's events (`callOpened`, analysis,
/// `callClosed`) go to one event stream whose peers are the store writer, the live hub and the
/// metrics; the
/// writer tells the hub when a closed call is committed, and the hub then sends `call.ended`.
/// `buildApplication` builds its calls with it, and so do tests that need the shipped wiring.
public struct CallPipeline: Sendable {
    public let hub: LiveHub
    public let storeWriter: CallStoreWriter
    public let stream: CallEventStream
    public let switchboard: Switchboard
    /// `/metrics`: its `calls` part is a peer of the stream.
    public let metrics: ServiceMetrics
    /// Transcription and the writer of its transcripts, when an engine is up.
    public let transcription: TranscriptionService?
    public let transcripts: TranscriptWriter?
    /// The phrase listener, when transcription is up and `phrases.enabled`.
    public let phrases: PhraseListener?
    /// Everything that keeps call data in memory, in the order an erasure tells them: the
    /// stream's peers (the store writer first, so a call waiting to be written does not bring
    /// its person back), then the recently ended calls the API still shows.
    public let holders: [any SubjectForgetting]

    /// `hub` is made from `configuration.live` when not given (benchmarks inject their own).
    /// `transcription`, when given and its engine is up, makes calls cut their speech into
    /// utterances and joins the stream with a transcript writer.
    public init(
        configuration: Configuration, store: Store, hub: LiveHub? = nil, transcription: TranscriptionService? = nil, logger: Logger
    ) {
        let hub = hub ?? LiveHub(settings: configuration.live)
        let metrics = ServiceMetrics(rules: configuration.ingest.analysis.alertRules.map(\.name))
        let storeWriter = CallStoreWriter(
            store: store, checkpointInterval: configuration.storage.checkpointInterval, logger: logger,
            committed: { hub.committed(callId: $0) }, abandoned: { hub.abandoned(callId: $0) }, timed: { metrics.recordCommit($0) })
        let transcribing = transcription?.isAvailable == true ? transcription : nil
        let transcripts = transcribing.map { _ in TranscriptWriter(store: store, logger: logger) }
        let phrases =
            transcribing != nil && configuration.phrases.enabled && !configuration.phrases.book.isEmpty
            ? PhraseListener(settings: configuration.phrases, analysis: configuration.ingest.analysis, logger: logger) : nil
        // The listener hears a call's close before transcription says the call is complete.
        let subscribers: [any CallEventSubscriber] =
            [storeWriter] + (transcripts.map { [$0] } ?? []) + [hub, metrics.calls] + (phrases.map { [$0] } ?? [])
            + (transcribing.map { [$0] } ?? [])
        let stream = CallEventStream(subscribers: subscribers)
        transcribing?.connect(to: stream)
        transcribing?.setPrompts(configuration.phrases.prompts)
        phrases?.connect(to: stream)
        self.phrases = phrases
        self.transcription = transcribing
        self.transcripts = transcripts
        var ingest = configuration.ingest
        if let transcribing { ingest.analysis.utterances = transcribing.settings.utterances }
        self.metrics = metrics
        self.hub = hub
        self.storeWriter = storeWriter
        self.stream = stream
        self.switchboard = Switchboard(
            settings: ingest, group: MultiThreadedEventLoopGroup.singleton, logger: logger,
            events: { event in stream.publish(event) })
        self.holders = stream.subscribers + [switchboard]
    }
}

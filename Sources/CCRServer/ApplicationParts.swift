import CCRMedia
import CCRStore
import Logging

/// What the ccrd application is made of: its configuration, the state database, the call
/// pipeline, the limits shared by the API and the reload, and the narrow views the API takes of
/// them (`archive`, `tokens`, `journal`, `liveCalls`). `buildApplication` wires exactly these;
/// tests build the same parts and replace one (a failing archive or journal, a held store
/// backlog) so the wiring they drive is the wiring that ships.
public struct ApplicationParts: Sendable {
    public let configuration: Configuration
    /// The SQLite state database: the store writer, retention and start-up recovery use it whole.
    public let store: Store
    /// The calls' event stream and its peers (store writer, live hub), and the switchboard.
    public let calls: CallPipeline
    /// Stored calls as the API reads, reviews, exports and erases them.
    public var archive: any CallArchive
    /// Where tokens are checked.
    public var tokens: any TokenRegistry
    /// Where the access journal is written.
    public var journal: any JournalStore
    /// The runs of ccrd, for the service-level report.
    public var runs: any ServiceRunHistory
    /// Announced maintenance windows.
    public var maintenance: any MaintenanceSchedule
    /// Incidents, as the API lists and acknowledges them.
    public var incidents: any IncidentLog
    /// The calls being ingested, as the call API starts, ends and reads them (the switchboard:
    /// ingest, reload and erasure use the same one, so it is not replaceable alone).
    public let liveCalls: any LiveCallTable
    /// Failed authentications per address (HTTP and the WebSocket upgrade share it).
    public let limiter: AuthFailureLimiter
    /// Call starts per token per second; the reload changes its rate.
    public let startRate: CallStartRate
    /// Refusals for a limit, logged once a minute.
    public let limits: LimitLog
    /// Open HTTP connections against `http.maxConnections`; the reload changes its cap.
    public let connections: ConnectionCount
    /// Whether more ended calls wait to be written than `storage.maxUnwrittenCalls` allows.
    public var storeBacklogged: @Sendable () -> Bool
    /// What the health loop last found (`/readyz`).
    public let health = HealthState()
    /// Transcription as configured at start, up or not (`/readyz` says which, and why).
    public let transcription: TranscriptionService?
    /// HTTP response times since the health loop last wrote them.
    public let latency = LatencyBook()

    /// The parts as ccrd runs them. `hub` is made from `configuration.live` when not given
    /// (benchmarks and tests inject one that numbers events from 0).
    public init(
        configuration: Configuration, store: Store, hub: LiveHub? = nil, transcription: TranscriptionService? = nil, logger: Logger
    ) {
        let calls = CallPipeline(configuration: configuration, store: store, hub: hub, transcription: transcription, logger: logger)
        self.configuration = configuration
        self.transcription = transcription
        self.store = store
        self.calls = calls
        self.archive = store
        self.tokens = store
        self.journal = store
        self.runs = store
        self.maintenance = store
        self.incidents = store
        self.liveCalls = calls.switchboard
        self.limiter = AuthFailureLimiter(limit: configuration.auth.failureLimit, window: configuration.auth.failureWindow)
        self.startRate = CallStartRate(perSecond: configuration.ingest.startsPerSecond)
        self.limits = LimitLog(logger: logger)
        self.connections = ConnectionCount(cap: configuration.http.maxConnections)
        let (writer, maxUnwritten) = (calls.storeWriter, configuration.storage.maxUnwrittenCalls)
        self.storeBacklogged = { writer.backlog >= maxUnwritten }
    }
}

import CCRCore
import CCRMedia
import CCRStore
import NIOConcurrencyHelpers
import Prometheus

/// What `GET /metrics` exports, in the Prometheus text format: the event stream's counts
/// (`CallMetrics`), and at each scrape ingest's counters over every call, live calls, the live
/// channel's clients and drops, the store writer's backlog, each health component's state,
/// open incidents per priority, this month's availability, and the API's response times per
/// route. Every label has a fixed set of values: never a call, agent or caller.
public final class ServiceMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    public let calls: CallMetrics
    private let totals = NIOLockedValueBox(IngestTotals())
    private let http = NIOLockedValueBox<[String: DurationHistogram]>([:])
    static let httpBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
        .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    static let commitBuckets: [Duration] = [
        .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(5), .seconds(30),
    ]
    private let commits: DurationHistogram

    /// `rules`: the configured alert rules' names.
    public init(rules: [String] = []) {
        calls = CallMetrics(registry: registry, rules: rules)
        commits = registry.makeDurationHistogram(
            name: "ccrd_store_commit_duration_seconds", labels: [], buckets: Self.commitBuckets,
            help: "Store writer transactions (ended calls and checkpoints), from start to commit.")
    }

    /// Records one committed store writer transaction (the writer's `timed`).
    func recordCommit(_ duration: Duration) {
        commits.record(duration)
    }

    /// Records one HTTP request (from `LatencyMiddleware`), under its route's name.
    func recordRequest(route: String, microseconds: UInt64) {
        let histogram = http.withLockedValue { histograms in
            if let histogram = histograms[route] { return histogram }
            let made = registry.makeDurationHistogram(
                name: "ccrd_http_request_duration_seconds", labels: [("route", route)], buckets: Self.httpBuckets,
                help: "HTTP request duration, to the last byte of the answer.")
            histograms[route] = made
            return made
        }
        histogram.record(.microseconds(Int64(clamping: microseconds)))
    }

    /// Sets a counter that mirrors a total kept elsewhere.
    private func mirror(_ name: String, _ help: String, from old: Double, to new: Double, labels: [(String, String)] = []) {
        let counter = registry.makeCounter(name: name, labels: labels, help: help)
        if new >= old {
            counter.increment(by: new - old)
        } else {
            counter.reset()
            counter.increment(by: new)
        }
    }

    private func gauge(_ name: String, _ help: String, _ value: Double, labels: [(String, String)] = []) {
        registry.makeGauge(name: name, labels: labels, help: help).set(value)
    }

    /// Reads what is not counted as it happens, then renders every family.
    func scrape(
        ingest: IngestTotals, liveCalls: Int, hub: LiveHub.Statistics, store: StoreWriterFigures, health: HealthState,
        openIncidents: [IncidentPriority: Int], availabilityPercent: Double?, transcription: TranscriptionStatistics? = nil,
        phrases: PhraseStatistics? = nil
    ) -> [UInt8] {
        if let transcription { record(transcription) }
        if let phrases { record(phrases) }
        let previous = totals.withLockedValue { old in
            defer { old = ingest }
            return old
        }
        let counters: [(String, String, KeyPath<IngestTotals, Int>)] = [
            ("ccrd_rtp_packets_total", "RTP packets accepted, every leg.", \.packets),
            ("ccrd_rtp_bytes_total", "RTP payload bytes accepted.", \.bytes),
            ("ccrd_calls_retired_total", "Calls ended and removed from ingest.", \.callsEnded),
        ]
        for (name, help, path) in counters { mirror(name, help, from: Double(previous[keyPath: path]), to: Double(ingest[keyPath: path])) }
        let drops: [(String, KeyPath<IngestTotals, Int>)] = [
            ("lost", \.lost), ("late", \.late), ("duplicate", \.duplicates), ("malformed", \.malformed),
            ("unknown_payload_type", \.unknownPayloadType), ("decode_error", \.decodeErrors), ("foreign_source", \.foreignSource),
        ]
        for (reason, path) in drops {
            mirror(
                "ccrd_rtp_packets_dropped_total", "RTP packets lost or dropped, by reason.", from: Double(previous[keyPath: path]),
                to: Double(ingest[keyPath: path]), labels: [("reason", reason)])
        }
        mirror("ccrd_audio_decoded_seconds_total", "Audio decoded, seconds (every leg).", from: previous.decodedSeconds, to: ingest.decodedSeconds)
        mirror("ccrd_audio_concealed_seconds_total", "Audio concealed for lost packets, seconds.", from: previous.concealedSeconds, to: ingest.concealedSeconds)
        gauge("ccrd_live_calls", "Calls being ingested now.", Double(liveCalls))
        gauge("ccrd_live_clients", "Live channel (WebSocket) clients connected.", Double(hub.clients))
        gauge("ccrd_live_events_buffered", "Events kept for replay on the live channel.", Double(hub.buffered))
        let droppedBefore = hubDropped.withLockedValue { old in
            defer { old = hub.droppedForClients }
            return old
        }
        mirror("ccrd_live_events_dropped_total", "Events dropped for slow live clients.", from: Double(droppedBefore), to: Double(hub.droppedForClients))
        gauge("ccrd_store_writer_backlog", "Ended calls waiting to be written.", Double(store.backlog))
        let storeBefore = storeCounts.withLockedValue { old in
            defer { old = store }
            return old
        }
        mirror(
            "ccrd_store_write_failures_total", "Store writer transactions that failed and were retried.", from: Double(storeBefore.failedWrites),
            to: Double(store.failedWrites))
        mirror(
            "ccrd_store_calls_dropped_total", "Ended calls the database refused (their data, not the disk, at fault).",
            from: Double(storeBefore.droppedCalls), to: Double(store.droppedCalls))
        gauge("ccrd_live_deepest_client_queue", "The longest live client queue, in events (live.clientQueue is the cap).", Double(hub.deepestQueue))
        let readiness = health.readiness
        gauge("ccrd_ready", "1 when ready (serving, no component down).", readiness.ready ? 1 : 0)
        for component in HealthProbes.components {
            let value: Double =
                switch readiness.components[component] {
                case .up: 1
                case .minor: 0.75
                case .degraded: 0.5
                case .down, nil: 0
                }
            gauge("ccrd_component_up", "1 up, 0.75 minor issue, 0.5 degraded, 0 down (or not probed yet).", value, labels: [("component", component)])
        }
        for priority in IncidentPriority.allCases {
            gauge("ccrd_incidents_open", "Incidents open, by priority.", Double(openIncidents[priority] ?? 0), labels: [("priority", priority.rawValue)])
        }
        if let availabilityPercent {
            gauge("ccrd_availability_month_ratio", "Availability of the calendar month so far, 0 to 1.", availabilityPercent / 100)
        }
        return registry.emitToBuffer()
    }

    /// Transcription's totals since start, mirrored.
    private func record(_ now: TranscriptionStatistics) {
        let before = transcriptionTotals.withLockedValue { old in
            defer { old = now }
            return old
        }
        mirror("ccrd_transcription_utterances_total", "Utterances cut from calls for transcription.", from: Double(before.utterances), to: Double(now.utterances))
        mirror("ccrd_transcription_speech_seconds_total", "Audio of those utterances, seconds.", from: before.utteranceSeconds, to: now.utteranceSeconds)
        mirror("ccrd_transcription_segments_total", "Transcript segments sent and stored.", from: Double(before.segments), to: Double(now.segments))
        mirror("ccrd_transcription_decoded_seconds_total", "Audio decoded by the engine, seconds.", from: before.decodedSeconds, to: now.decodedSeconds)
        mirror("ccrd_transcription_cpu_seconds_total", "CPU time of the decoding threads, seconds.", from: before.cpuSeconds, to: now.cpuSeconds)
        for reason in TranscriptGap.Reason.allCases.map(\.rawValue) {
            mirror(
                "ccrd_transcription_skipped_total", "Utterances left untranscribed, by reason.", from: Double(before.gaps[reason] ?? 0),
                to: Double(now.gaps[reason] ?? 0), labels: [("reason", reason)])
        }
        gauge("ccrd_transcription_backlog_seconds", "Audio waiting for a decoding thread, seconds (transcription.maxBacklog is the cap).", now.backlogSeconds)
        if let p50 = now.latencyP50 {
            gauge("ccrd_transcription_latency_p50_seconds", "End of an utterance to its transcript segment, median of the last 1,000.", p50)
        }
        if let p99 = now.latencyP99 {
            gauge("ccrd_transcription_latency_p99_seconds", "End of an utterance to its transcript segment, 99th percentile of the last 1,000.", p99)
        }
    }

    /// The phrase listener's totals since start, mirrored.
    private func record(_ now: PhraseStatistics) {
        let before = phraseTotals.withLockedValue { old in
            defer { old = now }
            return old
        }
        for set in PhraseKind.allCases {
            mirror(
                "ccrd_phrases_detected_total", "Phrases heard in transcripts, by set.", from: Double(before.detections[set] ?? 0),
                to: Double(now.detections[set] ?? 0), labels: [("set", set.rawValue)])
        }
        mirror("ccrd_phrases_reports_total", "Calls summed up once their transcription was complete (call.phrases).", from: Double(before.reports), to: Double(now.reports))
        mirror("ccrd_phrases_refused_calls_total", "Calls not listened to: too many followed at once.", from: Double(before.refusedCalls), to: Double(now.refusedCalls))
        gauge("ccrd_phrases_calls", "Calls the phrase listener follows (open, or closed and still being transcribed).", Double(now.calls))
    }

    private let phraseTotals = NIOLockedValueBox(PhraseStatistics())
    private let transcriptionTotals = NIOLockedValueBox(TranscriptionStatistics())
    private let hubDropped = NIOLockedValueBox<UInt64>(0)
    private let storeCounts = NIOLockedValueBox(StoreWriterFigures())

    /// The store writer's figures at a scrape.
    struct StoreWriterFigures: Sendable {
        var backlog = 0
        var failedWrites = 0
        var droppedCalls = 0
    }
}

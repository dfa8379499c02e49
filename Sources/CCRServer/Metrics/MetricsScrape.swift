import CCRCore
import CCRMedia
import CCRStore
import Hummingbird

/// `GET /metrics`: gathers what is read at scrape time (ingest's counters, the live table, the
/// hub, the store writer, health, open incidents, this month's availability) and answers the
/// Prometheus text format. A state database that cannot be read leaves out the incident and
/// availability families rather than failing the scrape.
struct MetricsScrape: Sendable {
    let metrics: ServiceMetrics
    let switchboard: Switchboard
    let hub: LiveHub
    let storeWriter: CallStoreWriter
    let health: HealthState
    let store: Store
    let sla: Configuration.SLASettings
    let transcription: TranscriptionService?
    let phrases: PhraseListener?

    init(_ parts: ApplicationParts) {
        metrics = parts.calls.metrics
        switchboard = parts.calls.switchboard
        hub = parts.calls.hub
        storeWriter = parts.calls.storeWriter
        health = parts.health
        store = parts.store
        sla = parts.configuration.sla
        transcription = parts.calls.transcription
        phrases = parts.calls.phrases
    }

    func response() async -> Response {
        let ingest = await switchboard.totals()
        var open: [IncidentPriority: Int] = [:]
        for incident in (try? store.openIncidents()) ?? [] { open[incident.priority, default: 0] += 1 }
        let now = WallTime.now
        let month = ServiceLevelReport.currentMonth(now: now, zone: sla.zone)
        var availability: Double?
        if let span = try? ServiceLevelReport.runsNeeded(month: month, settings: sla, now: now), let runs = try? store.serviceRuns(overlapping: span),
            let windows = try? store.maintenanceWindows(overlapping: span), let incidents = try? store.incidents(openedIn: span)
        {
            availability = (try? ServiceLevelReport.make(month: month, settings: sla, runs: runs, announced: windows, incidents: incidents, now: now))?
                .availability.availabilityPercent
        }
        let bytes = metrics.scrape(
            ingest: ingest, liveCalls: switchboard.liveCount, hub: hub.statistics, store: .init(backlog: storeWriter.backlog, failedWrites: storeWriter.failedWrites, droppedCalls: storeWriter.droppedCalls), health: health,
            openIncidents: open, availabilityPercent: availability, transcription: transcription?.statistics,
            phrases: phrases?.statistics)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

import CCRCore
import CCRMedia
import CCRStore
import Logging
import NIOCore
import NIOPosix
import Testing

@testable import CCRServer

/// A round of the real probes on an event loop kept busy.
@Suite("Health probes")
struct HealthProbeRoundTests {
    @Test func aLaggingEventLoopIsDegradedAndTheOtherProbesReport() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let store = try Store.inMemory()
        let logger = Logger(label: "test")
        let writer = CallStoreWriter(store: store, checkpointInterval: .seconds(60), logger: logger)
        var probes = HealthProbes(
            store: store, eventLoops: group, switchboard: Switchboard(settings: IngestSettings(), group: group, logger: logger),
            hub: LiveHub(settings: LiveSettings(), firstSeq: 0), storeWriter: writer, storeBacklogged: { false })
        probes.udpDrops = { UDPReceiveDrops(count: 0) }
        let run = try store.beginRun(at: WallTime.now)
        let calm = await probes.round(run: run)
        #expect(calm["event-loops"] == .up && calm["database"] == .up && calm["rtp-ingest"] == .up)
        #expect(calm["live-hub"] == .up && calm["store-writer"] == .up && Set(calm.keys) == Set(HealthProbes.components))
        group.next().execute { usleep(1_300_000) }  // a loop busy for 1.3 s
        let lagging = await probes.round(run: run)
        #expect(lagging["event-loops"] == .degraded)
        try await group.shutdownGracefully()
    }
}

import Hummingbird
import HummingbirdTesting
import Testing

@testable import CCRServer

@Suite("Health: readiness and disk space")
struct HealthTests {
    @Test func readinessNeedsServingAndNoComponentDown() async throws {
        let health = HealthState()
        #expect(health.readiness.ready == false)
        health.markServing()
        #expect(health.readiness.ready == false)  // not probed yet
        health.record(["database": .up, "event-loops": .up, "store-writer": .degraded])
        #expect(health.readiness.ready == true)  // degraded still serves
        health.record(["database": .down, "event-loops": .up, "store-writer": .up])
        #expect(health.readiness.ready == false)
        // Over HTTP: the router alone never starts serving, so it answers 503 with the reason.
        let server = try TestServer()
        try await server.app.test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains(#""status":"not_ready""#))
            }
        }
    }

    @Test func diskSpaceIsJudgedByWhatIsLeft() {
        let gib: UInt64 = 1 << 30
        #expect(DiskSpace(freeBytes: 50 * gib, totalBytes: 100 * gib).condition == .up)
        #expect(DiskSpace(freeBytes: 8 * gib, totalBytes: 100 * gib).condition == .minor)  // under 10 %
        #expect(DiskSpace(freeBytes: 3 * gib, totalBytes: 10 * gib).condition == .minor)  // under 4 GiB
        #expect(HealthProbes.components.count == 6)
        #expect(DiskSpace(freeBytes: 4 * gib, totalBytes: 100 * gib).condition == .degraded)  // under 5 %
        #expect(DiskSpace(freeBytes: gib / 2, totalBytes: 2 * gib).condition == .degraded)  // under 1 GiB
        #expect(DiskSpace(freeBytes: 10 << 20, totalBytes: 100 * gib).condition == .down)
        #expect(DiskSpace(of: "/tmp/some-file")?.totalBytes ?? 0 > 0)
        #expect(DiskSpace(of: "relative.sqlite") != nil)
        #expect(DiskSpace(of: "/nonexistent-dir/x.sqlite") == nil)
    }
}

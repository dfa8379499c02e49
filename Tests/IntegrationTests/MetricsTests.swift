import Foundation
import Testing

/// `GET /metrics` of the running binary after a real call, parsed by the reference Prometheus
/// text parser (`prometheus_client`, Debian's python3-prometheus-client).
@Suite("Prometheus metrics", .serialized)
struct MetricsTests {
    /// The families, as `Tests/Metrics/metrics_parse.py` prints them.
    func scrape(_ daemon: Daemon) throws -> [String: [String: Any]] {
        let body = try Command.capture(["curl", "-s", "--max-time", "10", "\(daemon.baseURL)/metrics"]).output
        let parser = Daemon.packageRoot.appendingPathComponent("Tests/Metrics/metrics_parse.py").path
        let parsed = try Command.capture(["python3", parser], input: Data(body.utf8))
        try #require(parsed.status == 0, "the parser refused /metrics: \(parsed.errors)\n\(body)")
        return try #require(try JSONSerialization.jsonObject(with: Data(parsed.output.utf8)) as? [String: [String: Any]])
    }

    /// The samples of a family: (labels, value).
    func samples(_ families: [String: [String: Any]], _ name: String, suffix: String = "") -> [([String: String], Double)] {
        ((families[name]?["samples"] as? [[Any]]) ?? []).compactMap { sample in
            guard sample.count == 3, let sampleName = sample[0] as? String, sampleName == name + suffix,
                let labels = sample[1] as? [String: String], let value = sample[2] as? Double
            else { return nil }
            return (labels, value)
        }
    }

    @Test func metricsParseAndCarryTheFamiliesAfterACall() async throws {
        let daemon = try Daemon()
        try await daemon.waitUntilReady()
        let call = try await daemon.startCall(["callId": "m-1", "agentId": "agent-9", "legs": ["agent": ["codec": "pcmu"]]])
        let port = call.int("legs.agent.port")
        let sent = try await Command.run("ffmpeg", Command.ffmpegPCMU(seconds: 2, port: port, packetSamples: 160, bye: true))
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try await eventually { try await daemon.call("m-1").string("state") == "ended" })
        let families = try scrape(daemon)
        for family in [
            "ccrd_rtp_packets", "ccrd_rtp_packets_dropped", "ccrd_live_calls", "ccrd_calls_started", "ccrd_alerts_raised", "ccrd_live_clients",
            "ccrd_live_events_dropped", "ccrd_store_writer_backlog", "ccrd_http_request_duration_seconds", "ccrd_component_up",
            "ccrd_incidents_open", "ccrd_availability_month_ratio", "ccrd_ready", "ccrd_store_commit_duration_seconds",
            "ccrd_store_write_failures", "ccrd_store_calls_dropped", "ccrd_live_deepest_client_queue",
        ] {
            #expect(families[family] != nil, "no family \(family) in \(families.keys.sorted())")
        }
        #expect(families["ccrd_rtp_packets"]?["type"] as? String == "counter")
        #expect((samples(families, "ccrd_rtp_packets", suffix: "_total").first?.1 ?? 0) >= 95)
        #expect(Set(samples(families, "ccrd_rtp_packets_dropped", suffix: "_total").compactMap { $0.0["reason"] }).count == 7)
        #expect(samples(families, "ccrd_live_calls").first?.1 == 0)
        #expect((samples(families, "ccrd_calls_started", suffix: "_total").first?.1 ?? 0) >= 1)
        // Alert counters exist for the configured rules, labelled by rule only.
        let rules = samples(families, "ccrd_alerts_raised", suffix: "_total").map(\.0)
        #expect(rules.contains(["rule": "dead-air"]) && rules.allSatisfy { Array($0.keys) == ["rule"] }, "\(rules)")
        // Response times by route template; no call or agent id in any label anywhere.
        let routes = Set(samples(families, "ccrd_http_request_duration_seconds", suffix: "_count").compactMap { $0.0["route"] })
        #expect(routes.contains("POST /v1/calls"), "\(routes)")
        let labels = families.values.flatMap { ($0["samples"] as? [[Any]]) ?? [] }.compactMap { $0.count == 3 ? $0[1] as? [String: String] : nil }
        #expect(!labels.contains { $0.values.contains { $0.contains("m-1") || $0.contains("agent-9") } })
        // Every probed component; those this test controls are up (disk space and the kernel's
        // UDP drops belong to the machine).
        let components = samples(families, "ccrd_component_up")
        #expect(
            Set(components.compactMap { $0.0["component"] }) == ["database", "event-loops", "rtp-ingest", "live-hub", "store-writer", "disk"],
            "\(components)")
        #expect(components.filter { ["database", "event-loops", "live-hub", "store-writer"].contains($0.0["component"] ?? "") }.allSatisfy { $0.1 == 1 }, "\(components)")
        // The ended call's transaction was timed.
        #expect(families["ccrd_store_commit_duration_seconds"]?["type"] as? String == "histogram")
        #expect((samples(families, "ccrd_store_commit_duration_seconds", suffix: "_count").first?.1 ?? 0) >= 1)
        #expect(Set(samples(families, "ccrd_incidents_open").compactMap { $0.0["priority"] }) == ["P1", "P2", "P3"])
        #expect(samples(families, "ccrd_ready").first?.1 == 1)
        await daemon.stop()
    }
}

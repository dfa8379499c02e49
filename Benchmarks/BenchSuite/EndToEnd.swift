import BenchSupport
import Foundation

/// Step 3: the real daemon fed by the load generator (another process), ramping the number of
/// calls until frames are lost to overload or the CPU is saturated.
enum EndToEnd {
    struct Step: Codable {
        var codec: String
        var calls: Int
        var streams: Int
        var liveCalls: Int
        /// ccrd's CPU over the measurement window, as a share of one core (2 cores = 2.0).
        var ccrdCores: Double
        var cpuSecondsPerStreamHour: Double
        var packetsReceived: Int
        var framesLost: Int
        var framesLate: Int
        var lostRatio: Double
        var kernelReceiveBufferDrops: Int
        var rssMiB: Double
        var rssPerCallKiB: Double
        var generatorCores: Double
        var generatorLateTicks: Int
        var alertLatencyP50Ms: Double?
        var alertLatencyP99Ms: Double?
        var alertsMeasured: Int
        var saturated: Bool
        var note: String?
    }

    struct Settings {
        var binaryDirectory: String
        var corpusDirectory: String
        var warmupSeconds = 8
        var windowSeconds = 20
    }

    static func run(
        codec: String, steps: [Int], daemon: DaemonUnderTest, listener: AlertListener, settings: Settings,
        baselineRSSKiB: Int, log: (String) -> Void
    ) async throws -> [Step] {
        var results: [Step] = []
        for (index, calls) in steps.enumerated() {
            let prefix = "\(codec)\(calls)-"
            let step = try await one(
                codec: codec, calls: calls, prefix: prefix, daemon: daemon, listener: listener, settings: settings,
                baselineRSSKiB: baselineRSSKiB)
            log(String(
                format: "  %@ %5d calls: ccrd %.2f cores, %.1f CPU-s/stream-h, lost %.3f%%, RSS/call %.0f KiB, alert p50 %@ p99 %@%@",
                codec, calls, step.ccrdCores, step.cpuSecondsPerStreamHour, 100 * step.lostRatio, step.rssPerCallKiB,
                step.alertLatencyP50Ms.map { String(format: "%.0f ms", $0) } ?? "-",
                step.alertLatencyP99Ms.map { String(format: "%.0f ms", $0) } ?? "-", step.saturated ? " (saturated)" : ""))
            results.append(step)
            if step.saturated { break }
            if index < steps.count - 1 { try await Task.sleep(for: .seconds(3)) }  // ended calls leave
        }
        return results
    }

    static func one(
        codec: String, calls: Int, prefix: String, daemon: DaemonUnderTest, listener: AlertListener, settings: Settings,
        baselineRSSKiB: Int
    ) async throws -> Step {
        let collector = LineCollector()
        collector.start()
        let seconds = settings.warmupSeconds + settings.windowSeconds + 2
        let generator = try Shell.start(
            "\(settings.binaryDirectory)/load-generator",
            [
                "--codec", codec, "--calls", "\(calls)", "--seconds", "\(seconds)", "--packets", settings.corpusDirectory,
                "--api", daemon.api, "--token", daemon.gatewayToken, "--call-prefix", prefix,
                "--dead-air-every", "10", "--dead-air-at", "12", "--dead-air-seconds", "5",
            ], output: collector.pipe)
        // Streaming starts once every call is set up (its first line).
        while collector.all.isEmpty {
            guard generator.isRunning else { throw BenchError.tool("load-generator stopped: \(collector.all)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .seconds(settings.warmupSeconds))
        let before = daemon.sample
        let generatorBefore = ProcessSample(pid: generator.processIdentifier)
        let dropsBefore = ProcessSample.udpReceiveBufferErrors()
        try await Task.sleep(for: .seconds(settings.windowSeconds))
        let after = daemon.sample
        let generatorAfter = ProcessSample(pid: generator.processIdentifier)
        let drops = ProcessSample.udpReceiveBufferErrors() - dropsBefore
        let totals = try await daemon.legTotals()
        generator.waitUntilExit()
        while !collector.isFinished { try await Task.sleep(for: .milliseconds(20)) }

        let objects = collector.objects
        let starts = Dictionary(
            objects.compactMap { object -> (String, Double)? in
                guard let id = object["call"] as? String, let start = object["start"] as? Double else { return nil }
                return (id, start)
            }, uniquingKeysWith: { first, _ in first })
        let done = objects.first { $0["done"] as? Bool == true }
        let lateTicks = done?["lateTicks"] as? Int ?? 0
        // Alert latency: from when the packet completing the threshold was sent to arrival at the
        // WebSocket client. The rule fires on the frame ending at `raisedAt` (media time from the
        // call's first packet); that frame's packet left on the generator's 20 ms grid at
        // first packet + (raisedAt / 0.02 − 1) × 0.02.
        let latencies = listener.arrivals(prefix: prefix).filter { $0.rule == "dead-air" }.compactMap { arrival -> Double? in
            guard let start = starts[arrival.callId] else { return nil }
            let sent = start + ((arrival.raisedAt / 0.02).rounded() - 1) * 0.02
            return (arrival.arrival - sent) * 1000
        }.sorted()
        let cores = before.flatMap { b in after.map { ProcessSample.coreShare(from: b, to: $0) } } ?? 0
        let generatorCores = generatorBefore.flatMap { b in generatorAfter.map { ProcessSample.coreShare(from: b, to: $0) } } ?? 0
        let streams = calls * 2
        let expected = totals.packets + totals.lost
        let lostRatio = expected > 0 ? Double(totals.lost + totals.late) / Double(expected) : 0
        let rss = after?.rssKiB ?? 0
        func percentile(_ p: Double) -> Double? { Percentile.of(latencies, p) }
        // Not sustained: frames lost to overload, the CPU used up, the generator off pace, or
        // ccrd no longer keeping up with real time, which shows first as late alerts (p99 over
        // half a second; the product promises a warning within a second).
        var note: String?
        let behind = (percentile(0.99) ?? 0) > 500
        if behind { note = "ccrd is falling behind real time (alert p99 over 500 ms)" }
        if Double(lateTicks) > 0.05 * Double(seconds * 50) { note = "the load generator could not keep real-time pace (\(lateTicks) late ticks)" }
        let saturated = lostRatio > 0.001 || cores > 1.9 || Double(lateTicks) > 0.05 * Double(seconds * 50) || behind
        return Step(
            codec: codec, calls: calls, streams: streams, liveCalls: totals.calls, ccrdCores: cores,
            cpuSecondsPerStreamHour: cores / Double(streams) * 3600, packetsReceived: totals.packets, framesLost: totals.lost,
            framesLate: totals.late, lostRatio: lostRatio, kernelReceiveBufferDrops: drops, rssMiB: Double(rss) / 1024,
            rssPerCallKiB: Double(rss - baselineRSSKiB) / Double(calls), generatorCores: generatorCores, generatorLateTicks: lateTicks,
            alertLatencyP50Ms: percentile(0.5), alertLatencyP99Ms: percentile(0.99), alertsMeasured: latencies.count,
            saturated: saturated, note: note)
    }
}

import BenchSupport
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Step 7b and 7c: live transcription in the release daemon. (b) With W decoding threads, N
/// two-leg Opus calls of the corpus conversation (English; the language set, not detected): is
/// every utterance transcribed in real time (nothing skipped, no backlog building up), at what
/// CPU per audio second, with what latency from the end of speech to the segment at a
/// supervisor's socket. (c) The end-to-end step at one size with transcription on (saturated: far
/// more calls than it can follow) and off, same sitting: ingest and alert figures side by side.
enum TranscriptionCapacity {
    struct Step: Codable {
        var workers: Int
        var calls: Int
        var ccrdCores: Double
        /// Audio cut into utterances over the window, and decoded, seconds.
        var speechSeconds: Double
        var decodedSeconds: Double
        var skipped: Int
        var backlogSecondsAtEnd: Double
        /// Decoding threads' CPU per audio second decoded.
        var cpuPerAudioSecond: Double?
        /// End of speech (the segment's end) to its arrival at the WebSocket client.
        var latencyP50Ms: Double?
        var latencyP99Ms: Double?
        /// The daemon's own: utterance queued to segment published.
        var queueToSegmentP50Ms: Double?
        var queueToSegmentP99Ms: Double?
        var segments: Int
        var rssMiB: Double
        var realTime: Bool
    }

    struct Ingest: Codable {
        var transcription: Bool
        var step: EndToEnd.Step
        var transcriptionBacklogSeconds: Double?
        var skipped: Int?
    }

    static func daemonEnvironment(model: String, workers: Int) -> [String: String] {
        ["CCRD_TRANSCRIPTION_MODEL": model, "CCRD_TRANSCRIPTION_WORKERS": "\(workers)", "CCRD_TRANSCRIPTION_LANGUAGE": "en"]
    }

    static func run(
        workers: [Int], steps: [Int], model: String, binaryDirectory: String, work: String, port: Int, config: String,
        settings: EndToEnd.Settings, log: (String) -> Void
    ) async throws -> [Step] {
        var results: [Step] = []
        for count in workers {
            let daemon = try DaemonUnderTest(
                binary: "\(binaryDirectory)/ccrd", directory: "\(work)/ccrd-asr-\(count)", httpPort: port, config: config,
                extra: daemonEnvironment(model: model, workers: count))
            defer { daemon.stop() }
            try await daemon.waitUntilReady()
            let listener = TranscriptListener(port: daemon.httpPort, token: daemon.adminToken)
            defer { listener.stop() }
            try await Task.sleep(for: .seconds(2))
            for calls in steps {
                let step = try await one(workers: count, calls: calls, daemon: daemon, listener: listener, settings: settings)
                log(String(
                    format: "  %d worker(s), %2d calls: ccrd %.2f cores, speech %.0f s, decoded %.0f s, skipped %d, backlog %.0f s, %@ CPU-s/audio-s, latency p50 %@ p99 %@%@",
                    count, calls, step.ccrdCores, step.speechSeconds, step.decodedSeconds, step.skipped, step.backlogSecondsAtEnd,
                    step.cpuPerAudioSecond.map { String(format: "%.3f", $0) } ?? "-",
                    step.latencyP50Ms.map { String(format: "%.0f ms", $0) } ?? "-", step.latencyP99Ms.map { String(format: "%.0f ms", $0) } ?? "-",
                    step.realTime ? "" : " (not real time)"))
                results.append(step)
                // Let the backlog drain before the next step.
                for _ in 0..<60 where (try? await metrics(daemon)["ccrd_transcription_backlog_seconds"] ?? 0) ?? 0 > 0 {
                    try await Task.sleep(for: .seconds(1))
                }
                try await Task.sleep(for: .seconds(2))
                if !step.realTime { break }
            }
        }
        return results
    }

    static func one(workers: Int, calls: Int, daemon: DaemonUnderTest, listener: TranscriptListener, settings: EndToEnd.Settings) async throws -> Step {
        let prefix = "asr\(workers)-\(calls)-"
        let collector = LineCollector()
        collector.start()
        let seconds = settings.warmupSeconds + settings.windowSeconds + 2
        let generator = try Shell.start(
            "\(settings.binaryDirectory)/load-generator",
            [
                "--codec", "opus", "--calls", "\(calls)", "--seconds", "\(seconds)", "--packets", settings.corpusDirectory,
                "--api", daemon.api, "--token", daemon.gatewayToken, "--call-prefix", prefix, "--dead-air-every", "0",
            ], output: collector.pipe)
        while collector.all.isEmpty {
            guard generator.isRunning else { throw BenchError.tool("load-generator stopped: \(collector.all)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .seconds(settings.warmupSeconds))
        let before = try await metrics(daemon)
        let sampleBefore = daemon.sample
        try await Task.sleep(for: .seconds(settings.windowSeconds))
        let after = try await metrics(daemon)
        let sampleAfter = daemon.sample
        generator.waitUntilExit()
        while !collector.isFinished { try await Task.sleep(for: .milliseconds(20)) }
        // Segments of the last utterances come after the calls end.
        try await Task.sleep(for: .seconds(5))
        let starts = Dictionary(
            collector.objects.compactMap { object -> (String, Double)? in
                guard let id = object["call"] as? String, let start = object["start"] as? Double else { return nil }
                return (id, start)
            }, uniquingKeysWith: { first, _ in first })
        let arrivals = listener.arrivals(prefix: prefix)
        let latencies = arrivals.compactMap { arrival -> Double? in
            starts[arrival.callId].map { (arrival.arrival - ($0 + arrival.end)) * 1000 }
        }.sorted()
        func delta(_ name: String) -> Double { (after[name] ?? 0) - (before[name] ?? 0) }
        let speech = delta("ccrd_transcription_speech_seconds_total")
        let decoded = delta("ccrd_transcription_decoded_seconds_total")
        let cpu = delta("ccrd_transcription_cpu_seconds_total")
        let skipped = Int(delta("ccrd_transcription_skipped_total"))
        let backlog = after["ccrd_transcription_backlog_seconds"] ?? 0
        let cores = sampleBefore.flatMap { b in sampleAfter.map { ProcessSample.coreShare(from: b, to: $0) } } ?? 0
        // Real time: nothing skipped, the backlog not building up (at most one utterance per
        // worker waiting), and what was decoded keeps up with what was cut.
        let realTime = skipped == 0 && backlog <= 10 * Double(workers) && decoded >= 0.9 * speech
        return Step(
            workers: workers, calls: calls, ccrdCores: cores, speechSeconds: speech, decodedSeconds: decoded, skipped: skipped,
            backlogSecondsAtEnd: backlog, cpuPerAudioSecond: decoded > 0 ? cpu / decoded : nil,
            latencyP50Ms: Percentile.of(latencies, 0.5), latencyP99Ms: Percentile.of(latencies, 0.99),
            queueToSegmentP50Ms: after["ccrd_transcription_latency_p50_seconds"].map { $0 * 1000 },
            queueToSegmentP99Ms: after["ccrd_transcription_latency_p99_seconds"].map { $0 * 1000 }, segments: arrivals.count,
            rssMiB: Double(sampleAfter?.rssKiB ?? 0) / 1024, realTime: realTime)
    }

    /// Ingest with transcription saturated, then off, at `calls` Opus calls.
    static func ingest(
        calls: Int, model: String, binaryDirectory: String, work: String, port: Int, config: String, settings: EndToEnd.Settings,
        log: (String) -> Void
    ) async throws -> [Ingest] {
        var results: [Ingest] = []
        for transcribing in [true, false] {
            let extra = transcribing ? daemonEnvironment(model: model, workers: 1) : ["CCRD_TRANSCRIPTION_ENABLED": "false"]
            let daemon = try DaemonUnderTest(
                binary: "\(binaryDirectory)/ccrd", directory: "\(work)/ccrd-ingest-\(transcribing)", httpPort: port, config: config, extra: extra)
            defer { daemon.stop() }
            try await daemon.waitUntilReady()
            let listener = AlertListener(port: daemon.httpPort, token: daemon.adminToken)
            defer { listener.stop() }
            try await Task.sleep(for: .seconds(2))
            let baseline = daemon.sample?.rssKiB ?? 0
            let step = try await EndToEnd.one(
                codec: "opus", calls: calls, prefix: "ingest\(transcribing)-", daemon: daemon, listener: listener, settings: settings,
                baselineRSSKiB: baseline)
            let figures = transcribing ? try await metrics(daemon) : [:]
            results.append(
                Ingest(
                    transcription: transcribing, step: step, transcriptionBacklogSeconds: figures["ccrd_transcription_backlog_seconds"],
                    skipped: figures["ccrd_transcription_skipped_total"].map { Int($0) }))
            log(String(
                format: "  transcription %@, %d Opus calls: ccrd %.2f cores, lost %.3f%%, alert p50 %@ p99 %@, skipped %@",
                transcribing ? "on (saturated)" : "off", calls, step.ccrdCores, 100 * step.lostRatio,
                step.alertLatencyP50Ms.map { String(format: "%.0f ms", $0) } ?? "-", step.alertLatencyP99Ms.map { String(format: "%.0f ms", $0) } ?? "-",
                figures["ccrd_transcription_skipped_total"].map { String(Int($0)) } ?? "-"))
        }
        return results
    }

    /// `/metrics`, each family summed over its labels.
    static func metrics(_ daemon: DaemonUnderTest) async throws -> [String: Double] {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "\(daemon.api)/metrics")!)
        var values: [String: Double] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[parts.count - 1]) else { continue }
            let name = String(parts[0].split(separator: "{")[0])
            values[name, default: 0] += value
        }
        return values
    }
}

import BenchSupport
import Foundation

// ccrd-bench: the `make bench` suite. Prints a table and writes every figure as JSON.
//
//   ccrd-bench [--json PATH] [--only floor,analysis,e2e,gstreamer,pulse,asr] [--opus-steps 100,250,350,450,550,700]
//              [--pcmu-steps 500,750,1000,1250,1500] [--gstreamer-calls 25] [--pulse-agents 10,25,50]
//              [--asr-model .build-asr/ggml-base.bin] [--asr-parts accuracy,phrases,capacity,ingest] [--asr-workers 1,2]
//              [--asr-calls 2,4,6,8] [--asr-ingest-calls 250]
//              [--warmup 8] [--window 20] [--work DIR]
//              [--config Config/ccrd.yaml] [--port 18950]

let options = BenchOptions(CommandLine.arguments.dropFirst())
let binaryDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
let work = options.string("work", FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-bench-\(getpid())").path)
let only = Set(options.string("only", "floor,analysis,e2e,gstreamer,pulse,asr").split(separator: ",").map(String.init))
var settings = EndToEnd.Settings(binaryDirectory: binaryDirectory, corpusDirectory: "\(work)/corpus")
settings.warmupSeconds = options.int("warmup", 8)
settings.windowSeconds = options.int("window", 20)
func log(_ line: String) { FileHandle.standardError.write(Data((line + "\n").utf8)) }

var report = BenchReport(machine: BenchReport.Machine.current())
do {
    log("corpus: espeak-ng conversation, Opus 24 kb/s and PCMU, 20 ms packets (\(work)/corpus)")
    let corpus = try Corpus.make(in: settings.corpusDirectory)
    if only.contains("floor") {
        report.decodeFloor = try DecodeFloor.run(corpus)
        log(String(format: "decode floor: %.2f CPU-s per stream-hour (libopus → 16 kHz)", report.decodeFloor!.cpuSecondsPerStreamHour))
    }
    if only.contains("analysis") {
        report.analysis = AnalysisOnly.run(corpus)
        log(String(format: "analysis only: %.0f× real time per core", report.analysis!.timesRealTimePerCore))
    }
    if only.contains("e2e") {
        var limit = rlimit()
        getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        limit.rlim_cur = limit.rlim_max
        setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
        let daemon = try DaemonUnderTest(binary: "\(binaryDirectory)/ccrd", directory: "\(work)/ccrd", httpPort: options.int("port", 18_950),
            config: options.string("config", FileManager.default.currentDirectoryPath + "/Config/ccrd.yaml"))
        defer { daemon.stop() }
        try await daemon.waitUntilReady()
        let listener = AlertListener(port: daemon.httpPort, token: daemon.adminToken)
        defer { listener.stop() }
        try await Task.sleep(for: .seconds(2))
        let baseline = daemon.sample?.rssKiB ?? 0
        report.baselineRSSMiB = Double(baseline) / 1024
        log("end to end: ramping calls (warm-up \(settings.warmupSeconds) s, window \(settings.windowSeconds) s per step)")
        report.opus = try await EndToEnd.run(
            codec: "opus", steps: options.list("opus-steps", [100, 250, 350, 450, 550, 700]), daemon: daemon, listener: listener,
            settings: settings, baselineRSSKiB: baseline, log: log)
        report.pcmu = try await EndToEnd.run(
            codec: "pcmu", steps: options.list("pcmu-steps", [500, 750, 1000, 1250, 1500]), daemon: daemon, listener: listener,
            settings: settings, baselineRSSKiB: baseline, log: log)
    }
    if only.contains("gstreamer") {
        report.gstreamer = try await GStreamerPeer.run(calls: options.int("gstreamer-calls", 25), settings: settings)
        log(String(format: "GStreamer: %.1f CPU-s per stream-hour (%d pipelines)", report.gstreamer!.cpuSecondsPerStreamHour, report.gstreamer!.streams))
    }
    if only.contains("pulse") {
        // A player that goes away must not take the suite with it.
        signal(SIGPIPE, SIG_IGN)
        log("PulseAudio: agents captured from one server (warm-up \(settings.warmupSeconds) s, window \(settings.windowSeconds) s per step)")
        report.pulse = try await PulseAgents.run(
            steps: options.list("pulse-agents", [10, 25, 50]), corpus: corpus, binaryDirectory: binaryDirectory, work: work,
            port: options.int("port", 18_950) + 1, config: options.string("config", FileManager.default.currentDirectoryPath + "/Config/ccrd.yaml"),
            settings: settings, log: log)
    }
    if only.contains("asr") {
        let model = options.string("asr-model", FileManager.default.currentDirectoryPath + "/.build-asr/ggml-base.bin")
        let config = options.string("config", FileManager.default.currentDirectoryPath + "/Config/ccrd.yaml")
        let parts = Set(options.string("asr-parts", "accuracy,phrases,capacity,ingest").split(separator: ",").map(String.init))
        if parts.contains("accuracy") {
            log("transcription: word error rate on the corpus (ccrd transcribe, one thread)")
            report.transcriptionAccuracy = try TranscriptionAccuracy.run(binary: "\(binaryDirectory)/ccrd", model: model, work: work, log: log)
        }
        if parts.contains("phrases") {
            log("phrases: precision and recall on the phrase corpus (text, then spoken and transcribed)")
            let result = try PhraseAccuracy.run(
                corpusPath: FileManager.default.currentDirectoryPath + "/Benchmarks/phrase-corpus.json", binary: "\(binaryDirectory)/ccrd",
                model: model, work: work, log: log)
            report.phraseAccuracy = result.rows
            report.phraseMicrosecondsPerSegment = result.microsecondsPerSegment
        }
        if parts.contains("capacity") {
            log("transcription: live calls transcribed in real time (warm-up \(settings.warmupSeconds) s, window \(settings.windowSeconds) s)")
            report.transcription = try await TranscriptionCapacity.run(
                workers: options.list("asr-workers", [1, 2]), steps: options.list("asr-calls", [2, 4, 6, 8]), model: model,
                binaryDirectory: binaryDirectory, work: work, port: options.int("port", 18_950) + 2, config: config, settings: settings, log: log)
        }
        if parts.contains("ingest") {
            log("transcription: ingest with transcription saturated, and without")
            report.transcriptionIngest = try await TranscriptionCapacity.ingest(
                calls: options.int("asr-ingest-calls", 250), model: model, binaryDirectory: binaryDirectory, work: work,
                port: options.int("port", 18_950) + 3, config: config, settings: settings, log: log)
        }
    }
} catch {
    log("ccrd-bench: \(error)")
    exit(1)
}
report.computeRatios()
print(report.table())
let path = options.string("json", "bench-results.json")
do {
    try report.json().write(to: URL(fileURLWithPath: path))
    log("JSON written to \(path)")
} catch {
    log("ccrd-bench: cannot write \(path): \(error)")
    exit(1)
}

import Foundation

/// Every figure of one `make bench` run, the ratios, and the machine it ran on.
struct BenchReport: Codable {
    struct Machine: Codable {
        var cores: Int
        var cpu: String
        var kernel: String
        var date: String

        static func current() -> Machine {
            let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
            let model = cpuinfo.split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last
                .map { $0.trimmingCharacters(in: .whitespaces) } ?? "unknown"
            var name = utsname()
            uname(&name)
            let release = withUnsafeBytes(of: &name.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            return Machine(
                cores: ProcessInfo.processInfo.activeProcessorCount, cpu: model, kernel: release,
                date: ISO8601DateFormatter().string(from: Date()))
        }
    }

    struct Ratios: Codable {
        /// ccrd CPU per Opus stream ÷ libopus decoding alone (target ≤ 1.3).
        var ccrdOverDecodeFloor: Double?
        /// ccrd CPU per Opus stream ÷ GStreamer's (target ≤ 0.5).
        var ccrdOverGStreamer: Double?
        /// The largest step without loss or saturation.
        var maxSustainedOpusCalls: Int?
        var maxSustainedPCMUCalls: Int?
        /// The ccrd step the ratios use (the largest sustained Opus step).
        var ccrdOpusCPUSecondsPerStreamHour: Double?
    }

    var machine: Machine
    var decodeFloor: DecodeFloor.Result?
    var analysis: AnalysisOnly.Result?
    var baselineRSSMiB: Double?
    var opus: [EndToEnd.Step] = []
    var pcmu: [EndToEnd.Step] = []
    var gstreamer: GStreamerPeer.Result?
    var pulse: [PulseAgents.Step] = []
    var transcriptionAccuracy: [TranscriptionAccuracy.Row] = []
    var phraseAccuracy: [PhraseAccuracy.Row] = []
    var phraseMicrosecondsPerSegment: Double?
    var transcription: [TranscriptionCapacity.Step] = []
    var transcriptionIngest: [TranscriptionCapacity.Ingest] = []
    var ratios = Ratios()

    init(machine: Machine) {
        self.machine = machine
    }

    mutating func computeRatios() {
        let sustainedOpus = opus.filter { !$0.saturated }
        let reference = sustainedOpus.last ?? opus.first
        ratios.maxSustainedOpusCalls = sustainedOpus.last?.calls
        ratios.maxSustainedPCMUCalls = pcmu.filter { !$0.saturated }.last?.calls
        ratios.ccrdOpusCPUSecondsPerStreamHour = reference?.cpuSecondsPerStreamHour
        if let ccrd = reference?.cpuSecondsPerStreamHour {
            if let floor = decodeFloor?.cpuSecondsPerStreamHour { ratios.ccrdOverDecodeFloor = ccrd / floor }
            if let peer = gstreamer?.cpuSecondsPerStreamHour { ratios.ccrdOverGStreamer = ccrd / peer }
        }
    }

    func json() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return try encoder.encode(self)
    }

    func table() -> String {
        func f(_ value: Double?, _ format: String = "%.1f") -> String { value.map { String(format: format, $0) } ?? "-" }
        var lines = ["ccrd benchmark — \(machine.cores) cores, \(machine.cpu), Linux \(machine.kernel), \(machine.date)", ""]
        lines.append("| figure | value | target |")
        lines.append("| --- | --- | --- |")
        lines.append("| decode floor (libopus → 16 kHz), CPU-s per stream-hour | \(f(decodeFloor?.cpuSecondsPerStreamHour, "%.2f")) | |")
        lines.append("| analysis only, × real time per core (two-leg call) | \(f(analysis?.timesRealTimePerCore, "%.0f")) | |")
        lines.append("| GStreamer (one pipeline per stream), CPU-s per stream-hour | \(f(gstreamer?.cpuSecondsPerStreamHour, "%.2f")) | |")
        lines.append("| ccrd Opus, CPU-s per stream-hour | \(f(ratios.ccrdOpusCPUSecondsPerStreamHour, "%.2f")) | |")
        lines.append("| ccrd ÷ decode floor | \(f(ratios.ccrdOverDecodeFloor, "%.2f")) | ≤ 1.3 |")
        lines.append("| ccrd ÷ GStreamer | \(f(ratios.ccrdOverGStreamer, "%.2f")) | ≤ 0.5 |")
        lines.append("| max sustained two-leg Opus calls | \(ratios.maxSustainedOpusCalls.map(String.init) ?? "-") | ≥ 550 |")
        lines.append("| max sustained two-leg PCMU calls | \(ratios.maxSustainedPCMUCalls.map(String.init) ?? "-") | ≥ 1500 |")
        lines.append("")
        lines.append("| codec | calls | ccrd cores | CPU-s/stream-h | lost+late | kernel drops | RSS MiB | KiB/call | alert p50 | alert p99 | generator cores | |")
        lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for step in opus + pcmu {
            lines.append(
                "| \(step.codec) | \(step.calls) | \(f(step.ccrdCores, "%.2f")) | \(f(step.cpuSecondsPerStreamHour, "%.2f")) | "
                    + "\(String(format: "%.3f %%", 100 * step.lostRatio)) | \(step.kernelReceiveBufferDrops) | \(f(step.rssMiB)) | "
                    + "\(f(step.rssPerCallKiB, "%.0f")) | \(f(step.alertLatencyP50Ms, "%.0f ms")) | \(f(step.alertLatencyP99Ms, "%.0f ms")) | "
                    + "\(f(step.generatorCores, "%.2f")) | \(step.saturated ? "saturated" : "") |")
        }
        if !pulse.isEmpty {
            lines.append("")
            lines.append("| PulseAudio agents | legs | ccrd cores | CPU-s/leg-h | captured | holes s | KiB/call | played→alert p50 | p99 | pulseaudio cores | players cores |")
            lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
            for step in pulse {
                lines.append(
                    "| \(step.agents) | \(step.legs) | \(f(step.ccrdCores, "%.2f")) | \(f(step.cpuSecondsPerLegHour, "%.2f")) | "
                        + "\(f(step.capturedRatio, "%.4f")) | \(f(step.holeSeconds, "%.2f")) | \(f(step.rssPerCallKiB, "%.0f")) | "
                        + "\(f(step.latencyP50Ms, "%.0f ms")) | \(f(step.latencyP99Ms, "%.0f ms")) | \(f(step.serverCores, "%.2f")) | \(f(step.playerCores, "%.2f")) |")
            }
        }
        if !transcriptionAccuracy.isEmpty {
            lines.append("")
            lines.append("| language | voice | condition | words | WER | wall s per audio s |")
            lines.append("| --- | --- | --- | --- | --- | --- |")
            for row in transcriptionAccuracy {
                lines.append(
                    "| \(row.language) | \(row.voice) | \(row.condition) | \(row.words) | \(f(row.wordErrorRate, "%.3f")) | \(f(row.secondsPerAudioSecond, "%.2f")) |")
            }
        }
        if !phraseAccuracy.isEmpty {
            lines.append("")
            lines.append("| language | voice | condition | lines | precision | recall | irritant tp/fp/fn | script tp/fp/fn | category tp/fp/fn |")
            lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
            for row in phraseAccuracy {
                let sets = ["irritant", "script", "category"].map { (row.bySet[$0] ?? [0, 0, 0]).map(String.init).joined(separator: "/") }
                lines.append(
                    "| \(row.language) | \(row.voice) | \(row.condition) | \(row.lines) | \(f(row.precision, "%.3f")) | \(f(row.recall, "%.3f")) | "
                        + sets.joined(separator: " | ") + " |")
            }
            if let phraseMicrosecondsPerSegment {
                lines.append("")
                lines.append("Phrase matching: \(f(phraseMicrosecondsPerSegment, "%.1f")) µs per transcript segment (the whole shipped book).")
            }
        }
        if !transcription.isEmpty {
            lines.append("")
            lines.append("| workers | calls | ccrd cores | speech s | decoded s | skipped | backlog s | CPU-s/audio-s | speech end→segment p50 | p99 | queue→segment p50 | p99 | RSS MiB | |")
            lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
            for step in transcription {
                lines.append(
                    "| \(step.workers) | \(step.calls) | \(f(step.ccrdCores, "%.2f")) | \(f(step.speechSeconds, "%.0f")) | \(f(step.decodedSeconds, "%.0f")) | "
                        + "\(step.skipped) | \(f(step.backlogSecondsAtEnd, "%.0f")) | \(f(step.cpuPerAudioSecond, "%.3f")) | "
                        + "\(f(step.latencyP50Ms, "%.0f ms")) | \(f(step.latencyP99Ms, "%.0f ms")) | \(f(step.queueToSegmentP50Ms, "%.0f ms")) | "
                        + "\(f(step.queueToSegmentP99Ms, "%.0f ms")) | \(f(step.rssMiB, "%.0f")) | \(step.realTime ? "real time" : "falls behind") |")
            }
        }
        if !transcriptionIngest.isEmpty {
            lines.append("")
            lines.append("| transcription | Opus calls | ccrd cores | lost+late | alert p50 | alert p99 | RSS MiB | transcription backlog s | skipped |")
            lines.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
            for run in transcriptionIngest {
                lines.append(
                    "| \(run.transcription ? "on" : "off") | \(run.step.calls) | \(f(run.step.ccrdCores, "%.2f")) | \(String(format: "%.3f %%", 100 * run.step.lostRatio)) | "
                        + "\(f(run.step.alertLatencyP50Ms, "%.0f ms")) | \(f(run.step.alertLatencyP99Ms, "%.0f ms")) | \(f(run.step.rssMiB, "%.0f")) | "
                        + "\(f(run.transcriptionBacklogSeconds, "%.0f")) | \(run.skipped.map(String.init) ?? "-") |")
            }
        }
        return lines.joined(separator: "\n")
    }
}

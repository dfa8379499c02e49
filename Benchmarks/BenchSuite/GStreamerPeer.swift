import BenchSupport
import Foundation

/// Step 4: the same Opus streams received and decoded by GStreamer, one pipeline per stream
/// (`udpsrc ! rtpjitterbuffer ! rtpopusdepay ! opusdec ! fakesink`), CPU per stream.
enum GStreamerPeer {
    struct Result: Codable {
        var calls: Int
        var streams: Int
        var cores: Double
        var cpuSecondsPerStreamHour: Double
        var generatorCores: Double
    }

    static func run(calls: Int, settings: EndToEnd.Settings, firstPort: Int = 31_000) async throws -> Result {
        guard let gst = Shell.which("gst-launch-1.0") else { throw BenchError.tool("gst-launch-1.0 is not installed") }
        let streams = calls * 2
        let ports = (0..<streams).map { firstPort + 2 * $0 }
        var pipelines: [Process] = []
        defer {
            for pipeline in pipelines where pipeline.isRunning { kill(pipeline.processIdentifier, SIGTERM) }
        }
        for port in ports {
            pipelines.append(
                try Shell.start(
                    gst,
                    [
                        "-q", "udpsrc", "port=\(port)", "address=127.0.0.1",
                        "caps=application/x-rtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload=111", "!",
                        "rtpjitterbuffer", "latency=60", "!", "rtpopusdepay", "!", "opusdec", "!", "fakesink", "sync=false",
                    ]))
        }
        try await Task.sleep(for: .seconds(2))
        let collector = LineCollector()
        collector.start()
        let seconds = settings.warmupSeconds + settings.windowSeconds + 2
        let generator = try Shell.start(
            "\(settings.binaryDirectory)/load-generator",
            [
                "--codec", "opus", "--seconds", "\(seconds)", "--packets", settings.corpusDirectory,
                "--ports", ports.map(String.init).joined(separator: ","), "--dead-air-every", "0",
            ], output: collector.pipe)
        try await Task.sleep(for: .seconds(settings.warmupSeconds))
        let before = pipelines.compactMap { ProcessSample(pid: $0.processIdentifier) }
        let generatorBefore = ProcessSample(pid: generator.processIdentifier)
        try await Task.sleep(for: .seconds(settings.windowSeconds))
        let after = pipelines.compactMap { ProcessSample(pid: $0.processIdentifier) }
        let generatorAfter = ProcessSample(pid: generator.processIdentifier)
        generator.waitUntilExit()
        guard before.count == streams, after.count == streams else {
            throw BenchError.tool("some GStreamer pipelines stopped (\(after.count) of \(streams) running)")
        }
        let cores = zip(before, after).map { ProcessSample.coreShare(from: $0, to: $1) }.reduce(0, +)
        let generatorCores = generatorBefore.flatMap { b in generatorAfter.map { ProcessSample.coreShare(from: b, to: $0) } } ?? 0
        return Result(
            calls: calls, streams: streams, cores: cores, cpuSecondsPerStreamHour: cores / Double(streams) * 3600,
            generatorCores: generatorCores)
    }
}

import Foundation

/// A headless `pulseaudio` for the PulseAudio step: temporary runtime and state folders under
/// the work directory, the native protocol on a unix socket, and per agent a 16 kHz stereo null
/// sink `sK` whose left channel is the agent's source `aK` and right channel the customer's
/// source `cK` (`module-remap-source`). One player per agent, not per leg: the server takes at
/// most 64 client connections. Killed by its PID at the end.
final class PulseServerUnderTest {
    let runtime: String
    let agents: Int
    private(set) var pid: Int32 = 0
    var address: String { "unix:\(runtime)/native" }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PULSE_RUNTIME_PATH"] = runtime
        environment["PULSE_STATE_PATH"] = "\(runtime)/state"
        environment["PULSE_SERVER"] = address
        environment["HOME"] = "\(runtime)/state"
        return environment
    }

    init(directory: String, agents: Int) async throws {
        runtime = directory
        self.agents = agents
        try FileManager.default.createDirectory(atPath: "\(directory)/state/.config/pulse", withIntermediateDirectories: true)
        // Its default of 256 open files runs out at about 30 agents' sinks.
        try "rlimit-nofile = 8192\n".write(toFile: "\(directory)/state/.config/pulse/daemon.conf", atomically: true, encoding: .utf8)
        var arguments = [
            "--daemonize=yes", "-n", "--exit-idle-time=-1", "--disallow-exit=yes", "--use-pid-file=yes",
            "--log-target=file:\(directory)/state/pa.log",
            "--load=module-native-protocol-unix auth-anonymous=1 socket=\(directory)/native",
        ]
        for agent in 0..<agents {
            arguments += [
                "--load=module-null-sink sink_name=s\(agent) rate=16000 channels=2 channel_map=front-left,front-right",
                "--load=module-remap-source source_name=a\(agent) master=s\(agent).monitor master_channel_map=front-left channel_map=mono",
                "--load=module-remap-source source_name=c\(agent) master=s\(agent).monitor master_channel_map=front-right channel_map=mono",
            ]
        }
        let server = try Shell.start("/usr/bin/env", ["pulseaudio"] + arguments, environment: environment)
        server.waitUntilExit()
        guard server.terminationStatus == 0 else { throw BenchError.tool("pulseaudio did not start (see \(directory)/state/pa.log)") }
        for _ in 0..<100 {
            let info = try Shell.start("/usr/bin/env", ["pactl", "info"], environment: environment)
            info.waitUntilExit()
            if info.terminationStatus == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let text = (try? String(contentsOfFile: "\(directory)/pid", encoding: .utf8)) ?? ""
        pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        guard pid > 0 else { throw BenchError.tool("pulseaudio left no PID file in \(directory)") }
    }

    /// A player of raw 16 kHz stereo s16 (agent left, customer right) from its standard input
    /// into agent `agent`'s sink, 20 ms latency.
    func player(agent: Int, input: Pipe) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "pacat", "--playback", "--latency-msec=20", "--raw", "--format=s16le", "--rate=16000", "--channels=2", "--device=s\(agent)",
        ]
        process.environment = environment
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Playback streams on the server now (`pactl list short sink-inputs`).
    func playbackStreams() -> Int {
        let pipe = Pipe()
        guard let lister = try? Shell.start("/usr/bin/env", ["pactl", "list", "short", "sink-inputs"], environment: environment, output: pipe)
        else { return 0 }
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        lister.waitUntilExit()
        return text.split(separator: "\n").count
    }

    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGKILL)
        pid = 0
    }
}

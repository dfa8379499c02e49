import Foundation

/// A real headless `pulseaudio` server for a test, in temporary runtime and state folders, with
/// a null sink per name (16 kHz mono) kept running at low latency by a silent player each, and
/// optionally the native protocol on a loopback TCP port. Stopped by its PID (`stop`, or when
/// released).
final class PulseAudioServer: @unchecked Sendable {
    let runtime: URL
    let state: URL
    let sinks: [String]
    let tcpPort: Int?
    private(set) var pid: Int32 = 0
    private var players: [Process] = []

    /// The unix socket address, as libpulse takes it.
    var unixAddress: String { "unix:\(runtime.path)/native" }
    /// The TCP address (when `tcpPort` was asked for).
    var tcpAddress: String? { tcpPort.map { "tcp:127.0.0.1:\($0)" } }

    /// Starts the server and waits until it answers and every sink's monitor delivers.
    init(sinks: [String], tcp: Bool = false) async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-pulse-\(UUID().uuidString.prefix(8))")
        runtime = base.appendingPathComponent("run")
        state = base.appendingPathComponent("state")
        for folder in [runtime, state] { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }
        self.sinks = sinks
        tcpPort = tcp ? try UDPSocket.freeTCPPort() : nil
        try await start()
    }

    deinit { stop() }

    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["PULSE_RUNTIME_PATH"] = runtime.path
        environment["PULSE_STATE_PATH"] = state.path
        environment["PULSE_SERVER"] = unixAddress
        environment["HOME"] = state.path
        return environment
    }

    /// Starts (or restarts, on the same socket and sinks) the server.
    func start() async throws {
        var arguments = [
            "pulseaudio", "--daemonize=yes", "-n", "--exit-idle-time=-1", "--disallow-exit=yes", "--use-pid-file=yes",
            "--log-target=file:\(state.path)/pa.log",
            "--load=module-native-protocol-unix auth-anonymous=1 socket=\(runtime.path)/native",
        ]
        if let tcpPort { arguments.append("--load=module-native-protocol-tcp auth-anonymous=1 listen=127.0.0.1 port=\(tcpPort)") }
        for sink in sinks { arguments.append("--load=module-null-sink sink_name=\(sink) rate=16000 channels=1") }
        let started = try Command.capture(arguments, environment: environment)
        guard started.status == 0 else { throw Command.CommandError.failed("pulseaudio: \(started.errors)", started.status) }
        for _ in 0..<100 {
            if (try? Command.capture(["pactl", "info"], environment: environment))?.status == 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let pidText = (try? String(contentsOf: runtime.appendingPathComponent("pid"), encoding: .utf8)) ?? ""
        pid = Int32(pidText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        // An idle null sink runs at ~2 s latency: a silent low-latency player keeps each monitor
        // delivering every 20 ms.
        players = try sinks.map { sink in
            let player = Process()
            player.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            player.arguments = [
                "pacat", "--playback", "--latency-msec=20", "--raw", "--format=s16le", "--rate=16000", "--channels=1", "--device=\(sink)",
                "/dev/zero",
            ]
            player.environment = environment
            player.standardOutput = FileHandle.nullDevice
            player.standardError = FileHandle.nullDevice
            try player.run()
            return player
        }
        try await Task.sleep(for: .seconds(2.5))  // monitors deliver nothing for ~2 s after a start
    }

    /// Plays a WAV file into `sink` and waits for it to end.
    func play(_ wav: URL, into sink: String) async throws {
        let played = try Command.capture(["paplay", "--device=\(sink)", wav.path], environment: environment)
        guard played.status == 0 else { throw Command.CommandError.failed("paplay: \(played.errors)", played.status) }
    }

    /// Kills the server (and the players) by PID.
    func stop() {
        for player in players where player.isRunning { player.terminate() }
        players = []
        if pid > 0 {
            kill(pid, SIGKILL)
            for _ in 0..<50 where kill(pid, 0) == 0 { usleep(20_000) }
            pid = 0
        }
    }
}

import BenchSupport
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The release `ccrd` as the benchmark runs it: its own state directory, a port range large
/// enough for 1,500 calls, a dead-air rule of 3 s (so the scripted dead air is alerted), and an
/// admin and a gateway token made with `ccrd token create`.
final class DaemonUnderTest {
    let process: Process
    let httpPort: Int
    let directory: String
    let adminToken: String
    let gatewayToken: String
    var api: String { "http://127.0.0.1:\(httpPort)" }
    static let deadAirThreshold = 3.0

    /// `extra`: further `CCRD_` settings for the step (the PulseAudio lines).
    init(binary: String, directory: String, httpPort: Int, config: String, extra: [String: String] = [:]) throws {
        self.directory = directory
        self.httpPort = httpPort
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CCRD_") }
        environment["CCRD_HTTP_PORT"] = "\(httpPort)"
        environment["CCRD_STORAGE_PATH"] = "\(directory)/ccrd.sqlite"
        environment["CCRD_INGEST_RTP_PORT_RANGE"] = "20000-29999"
        environment["CCRD_INGEST_KEEP_ENDED_CALLS"] = "10"
        environment["CCRD_INGEST_RTP_IDLE_TIMEOUT"] = "30s"
        environment["CCRD_LOG_LEVEL"] = "warning"
        // One gateway token starts every call of the ramp, as fast as the generator can.
        environment["CCRD_INGEST_MAX_CALLS"] = "100000"
        environment["CCRD_INGEST_MAX_CALLS_PER_TOKEN"] = "100000"
        environment["CCRD_INGEST_STARTS_PER_SECOND"] = "100000"
        environment["CCRD_ALERTS"] =
            #"[{name: dead-air, metric: deadAir, comparator: ">", threshold: \#(Self.deadAirThreshold), severity: warning, cooldown: 60s}]"#
        environment.merge(extra) { _, new in new }
        func token(_ role: String) throws -> String {
            let cli = Process()
            cli.executableURL = URL(fileURLWithPath: binary)
            cli.arguments = ["token", "create", "--role", role, "--config", config]
            cli.environment = environment
            let pipe = Pipe()
            cli.standardOutput = pipe
            cli.standardError = FileHandle.nullDevice
            try cli.run()
            let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            cli.waitUntilExit()
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        adminToken = try token("admin")
        gatewayToken = try token("gateway")
        let log = FileHandle(forWritingAtPath: "\(directory)/ccrd.log") ?? {
            FileManager.default.createFile(atPath: "\(directory)/ccrd.log", contents: nil)
            return FileHandle(forWritingAtPath: "\(directory)/ccrd.log")!
        }()
        process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--config", config]
        process.environment = environment
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    func waitUntilReady() async throws {
        for _ in 0..<200 {
            if let url = URL(string: "\(api)/healthz"), let (_, response) = try? await URLSession.shared.data(from: url),
                (response as? HTTPURLResponse)?.statusCode == 200
            {
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchError.notReady
    }

    var sample: ProcessSample? { ProcessSample(pid: process.processIdentifier) }

    /// Sums of every live leg's counters.
    func legTotals() async throws -> (calls: Int, packets: Int, lost: Int, late: Int) {
        var request = URLRequest(url: URL(string: "\(api)/v1/calls")!)
        request.setValue("Bearer \(adminToken)", forHTTPHeaderField: "Authorization")
        request.timeoutInterval = 60
        let (data, _) = try await URLSession.shared.data(for: request)
        let calls = ((try JSONSerialization.jsonObject(with: data)) as? [String: Any])?["calls"] as? [[String: Any]] ?? []
        var totals = (calls: calls.count, packets: 0, lost: 0, late: 0)
        for call in calls {
            for leg in ((call["legs"] as? [String: Any]) ?? [:]).values {
                guard let leg = leg as? [String: Any] else { continue }
                totals.packets += leg["packets"] as? Int ?? 0
                totals.lost += leg["lost"] as? Int ?? 0
                totals.late += leg["late"] as? Int ?? 0
            }
        }
        return totals
    }

    func stop() {
        if process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
        }
    }
}

enum BenchError: Error, CustomStringConvertible {
    case notReady
    case tool(String)

    var description: String {
        switch self {
        case .notReady: "ccrd did not start (see its log in the work directory)"
        case .tool(let message): message
        }
    }
}

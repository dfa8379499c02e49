import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A real `ccrd serve` child process on loopback ports, with its log in a temporary folder.
final class Daemon: @unchecked Sendable {
    let process = Process()
    let httpPort: Int
    let rtpRange: ClosedRange<Int>
    let directory: URL
    let logURL: URL
    let environment: [String: String]
    let configPath: String
    /// An admin token, created through `ccrd token create` before the daemon started.
    private(set) var adminToken = ""

    /// The built `ccrd` executable, next to the test bundle.
    static var binary: URL {
        if let path = ProcessInfo.processInfo.environment["CCRD_BINARY"] { return URL(fileURLWithPath: path) }
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        let candidates = [
            bundleDirectory.appendingPathComponent("ccrd"),
            bundleDirectory.deletingLastPathComponent().appendingPathComponent("ccrd"),
            packageRoot.appendingPathComponent(".build/debug/ccrd"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }

    /// Root of the package, where Config/ccrd.yaml lives.
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized
    }

    /// Whether the temporary folder is this daemon's (removed with it) or a previous one's.
    private let ownsDirectory: Bool

    /// `configPath`: a configuration file other than the repository's default. `directory`: run
    /// in a previous daemon's folder (and so on its state database), as a restart does.
    init(environment extra: [String: String] = [:], configPath: String? = nil, directory reused: URL? = nil) throws {
        // A restart that keeps its port gives it as CCRD_HTTP_PORT.
        httpPort = try extra["CCRD_HTTP_PORT"].flatMap { Int($0) } ?? UDPSocket.freeTCPPort()
        let base = 20_000 + Int.random(in: 0..<180) * 100
        rtpRange = base...(base + 99)
        directory = reused ?? FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-test-\(UUID().uuidString)")
        ownsDirectory = reused == nil
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        logURL = directory.appendingPathComponent(reused == nil ? "ccrd.log" : "ccrd-\(UUID().uuidString.prefix(8)).log")
        FileManager.default.createFile(atPath: logURL.path, contents: nil)
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("CCRD_") }
        environment["CCRD_HTTP_PORT"] = "\(httpPort)"
        environment["CCRD_INGEST_RTP_PORT_RANGE"] = "\(rtpRange.lowerBound)-\(rtpRange.upperBound)"
        environment["CCRD_LOG_LEVEL"] = "debug"
        environment.merge(extra) { $1 }
        self.environment = environment
        self.configPath = configPath ?? Self.packageRoot.appendingPathComponent("Config/ccrd.yaml").path
        // With a broken configuration the CLI fails as the daemon will; that is what such tests check.
        adminToken = (try? createToken(role: "admin")) ?? ""
        process.executableURL = Self.binary
        process.arguments = ["serve", "--config", self.configPath]
        process.environment = environment
        process.currentDirectoryURL = directory
        let log = try FileHandle(forWritingTo: logURL)
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        if ownsDirectory { try? FileManager.default.removeItem(at: directory) }
    }

    /// The state database's path.
    var databasePath: String { directory.appendingPathComponent("data/ccrd.sqlite").path }

    /// Kills the process with SIGKILL, as a crash or the OOM killer would, and waits for it.
    func crash() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var log: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    var baseURL: String { "http://127.0.0.1:\(httpPort)" }

    /// Waits until /healthz answers (or the process dies).
    func waitUntilReady() async throws {
        for _ in 0..<300 {
            guard process.isRunning else { throw DaemonError.exited(process.terminationStatus, log) }
            if let (status, _) = try? await HTTP.request("GET", "\(baseURL)/healthz"), status == 200 { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw DaemonError.notReady(log)
    }

    /// Sends SIGTERM and waits for the exit status.
    @discardableResult
    func stop() async -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        kill(process.processIdentifier, SIGTERM)
        for _ in 0..<300 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        return process.terminationStatus
    }

    enum DaemonError: Error, CustomStringConvertible {
        case exited(Int32, String)
        case notReady(String)
        case cliFailed([String], Int32, String)

        var description: String {
            switch self {
            case .exited(let status, let log): "ccrd exited with \(status):\n\(log)"
            case .notReady(let log): "ccrd did not answer /healthz:\n\(log)"
            case .cliFailed(let arguments, let status, let errors): "ccrd \(arguments.joined(separator: " ")) exited with \(status): \(errors)"
            }
        }
    }

    /// Runs `ccrd token create` against this daemon's state database and returns the token.
    func createToken(role: String, teams: [String] = [], expires: String? = nil) throws -> String {
        var arguments = ["token", "create", "--config", configPath, "--role", role]
        for team in teams { arguments += ["--team", team] }
        if let expires { arguments += ["--expires", expires] }
        return try runCLI(arguments).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a `ccrd` subcommand with this daemon's configuration, environment and directory;
    /// returns its standard output, throws with its error output on failure.
    @discardableResult
    func runCLI(_ arguments: [String]) throws -> String {
        let cli = Process()
        cli.executableURL = Self.binary
        cli.arguments = arguments
        cli.environment = environment
        cli.currentDirectoryURL = directory
        let output = Pipe()
        let errors = Pipe()
        cli.standardOutput = output
        cli.standardError = errors
        try cli.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        cli.waitUntilExit()
        guard cli.terminationStatus == 0 else { throw DaemonError.cliFailed(arguments, cli.terminationStatus, errorText) }
        return text
    }

    // MARK: API helpers

    /// An API request with the admin token (or `token`).
    func request(_ method: String, _ path: String, json: [String: Any]? = nil, token: String? = nil) async throws -> (Int, [String: Any]) {
        try await HTTP.request(method, "\(baseURL)\(path)", json: json, token: token ?? adminToken)
    }

    func startCall(_ body: [String: Any]) async throws -> [String: Any] {
        let (status, json) = try await request("POST", "/v1/calls", json: body)
        try #require(status == 201, "POST /v1/calls answered \(status): \(json)")
        return json
    }

    /// The call's live state (`live` of `GET /v1/calls/{id}`), while the daemon holds it.
    func call(_ id: String) async throws -> [String: Any] {
        let (status, json) = try await request("GET", "/v1/calls/\(id)")
        try #require(status == 200, "GET /v1/calls/\(id) answered \(status): \(json)")
        return try #require(json["live"] as? [String: Any], "GET /v1/calls/\(id) has no live part: \(json)")
    }

    /// The stored part of `GET /v1/calls/{id}` (call, legs, timeline, alerts, reviews).
    func storedCall(_ id: String, token: String? = nil) async throws -> [String: Any] {
        let (status, json) = try await request("GET", "/v1/calls/\(id)", token: token)
        try #require(status == 200, "GET /v1/calls/\(id) answered \(status): \(json)")
        return json
    }

    func liveCalls() async throws -> [[String: Any]] {
        let (_, json) = try await request("GET", "/v1/calls?state=live")
        return json["calls"] as? [[String: Any]] ?? []
    }
}

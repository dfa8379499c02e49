import BenchSupport
import CCRCore
import CCRServer
import CCRStore
import Foundation
import Hummingbird
import Logging

/// The server side of the fan-out benchmark: the real application with its hub, a publisher
/// at a fixed rate, and the CPU this process used while publishing.
enum FanoutServer {
    static func run(_ settings: FanoutSettings) async throws {
        var configuration = Configuration()
        configuration.http.port = try Self.freePort()
        configuration.live.clientQueue = 4096
        // Every benchmark client uses the one admin token.
        configuration.live.maxClientsPerToken = max(settings.clients, configuration.live.maxClientsPerToken)
        configuration.live.maxClients = max(settings.clients, configuration.live.maxClients)
        var logger = Logger(label: "live-benchmark")
        logger.logLevel = .critical
        let store = try Store.inMemory()
        let token = try store.createToken(role: .admin, teams: [], label: "benchmark", expiresIn: nil).text
        let hub = LiveHub(settings: configuration.live, firstSeq: 0)
        let app = buildApplication(ApplicationParts(configuration: configuration, store: store, hub: hub, logger: logger), logger: logger)
        let port = configuration.http.port
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            // Events: one call started first (so events carry agent and team), then the mix.
            hub.publish(.callStarted(CallInfo(callId: "bench", agentId: "agent-1", team: "blue", legs: [.agent, .customer]), at: 0))
            let child = Process()
            child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
            child.arguments = [
                "clients", "--port", "\(port)", "--token", token, "--clients", "\(settings.clients)",
                "--last-seq", "\(settings.total + 1)",
            ]
            let output = Pipe()
            child.standardOutput = output
            try child.run()
            while hub.statistics.clients < settings.clients {
                try await Task.sleep(for: .milliseconds(50))
                guard child.isRunning else { throw BenchmarkError.clientsExited }
            }
            let events = Self.events(settings.mix)
            let cpuBefore = ProcessSample.ownCPUSeconds()
            let start = ContinuousClock.now
            let tick = Duration.milliseconds(10)
            let perTick = max(1, settings.rate / 100)
            var published = 0
            var next = start
            while published < settings.total {
                for _ in 0..<perTick where published < settings.total {
                    hub.publish(events[published % events.count])
                    published += 1
                }
                next += tick
                try await Task.sleep(until: next, clock: .continuous)
            }
            let elapsed = ContinuousClock.now - start
            let cpu = ProcessSample.ownCPUSeconds() - cpuBefore
            let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            child.waitUntilExit()
            let clientCPU = ProcessSample.ownCPUSeconds(children: true)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print("live fan-out: \(settings.clients) clients, \(settings.rate) events/s for \(settings.seconds) s, mix \(settings.mix.rawValue)")
            print(String(format: "server CPU while publishing: %.2f s over %.1f s = %.0f %% of one core", cpu, seconds, 100 * cpu / seconds))
            print(String(format: "messages sent: %d (%.0f /s)", settings.total * settings.clients, Double(settings.total * settings.clients) / seconds))
            print(String(format: "clients' process CPU (whole run, on the same 2 cores): %.2f s", clientCPU))
            print("events dropped for slow clients (all clients): \(hub.statistics.droppedForClients)")
            print(report, terminator: "")
            group.cancelAll()
        }
    }

    static func events(_ mix: FanoutSettings.Mix) -> [CallEvent] {
        var metrics = ConversationMetrics(from: 0, to: 30)
        metrics.agentTalkSeconds = 14
        metrics.customerTalkSeconds = 11
        metrics.talkRatio = 0.56
        metrics.mos = 4.1
        let score = Scorecard.standard.score(metrics)
        let window = CallEvent.windowScored(
            WindowScore(callId: "bench", window: metrics, score: score, cumulative: metrics, cumulativeScore: score))
        let alert = CallEvent.alertRaised(
            Alert(id: "dead-air-1", callId: "bench", rule: "dead-air", metric: .deadAir, severity: .warning,
                  condition: "deadAir > 10", value: 10.02, raisedAt: 12.5))
        switch mix {
        case .mixed: return [window, alert]
        case .alerts: return [alert]
        case .windows: return [window]
        }
    }

    /// A TCP port nothing listens on now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else { throw BenchmarkError.noPort }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    enum BenchmarkError: Error {
        case clientsExited
        case noPort
    }
}

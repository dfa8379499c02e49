import BenchSupport
import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Step 6 (issue 16): N agents captured from one PulseAudio server. The release `ccrd` has N
/// `agents[].pulse` lines on a headless `pulseaudio` (`PulseServerUnderTest`: a stereo null
/// sink per agent, split into the agent's and the customer's source); a `pacat` player per agent
/// (20 ms latency) plays what this process writes to it on a 20 ms grid: the corpus conversation (agent and customer legs), call k starting (k mod 25) × 20 ms
/// after the first, with a scripted 5 s dead air cut into the customer's speech. ccrd records
/// each agent's two sources (calls started with `POST /v1/calls {"source": "pulse"}`).
///
/// - *CPU per captured leg*: ccrd's CPU over the window ÷ 2N legs, scaled to an hour.
/// - *Latency, played → analysed*: the dead-air rule (3 s) fires on the frame that completes 3 s
///   of silence after the cut; that frame's last sample was written to its player at
///   start + cut + 3.02 s. Latency = when the `alert.raised` reached a supervisor's WebSocket
///   − that instant: the player's buffer, the server, capture, the analysis and the live
///   channel, ±20 ms (the frame grid).
/// - *Captured*: seconds captured over the window, all legs, ÷ (window × legs) (1.0 = nothing
///   lost), and the holes the server reported over the window.
enum PulseAgents {
    struct Step: Codable {
        var agents: Int
        var legs: Int
        var liveCalls: Int
        var ccrdCores: Double
        var cpuSecondsPerLegHour: Double
        var serverCores: Double
        var playerCores: Double
        var capturedRatio: Double
        var holeSeconds: Double
        var rssPerCallKiB: Double
        var latencyP50Ms: Double?
        var latencyP99Ms: Double?
        var latencyMeasured: Int
        var writerLateTicks: Int
    }

    static let deadAirSeconds = 5.0

    static func run(
        steps: [Int], corpus: Corpus, binaryDirectory: String, work: String, port: Int, config: String, settings: EndToEnd.Settings,
        log: (String) -> Void
    ) async throws -> [Step] {
        let most = steps.max() ?? 0
        guard most > 0 else { return [] }
        let server = try await PulseServerUnderTest(directory: "\(work)/pulse", agents: most)
        defer { server.stop() }
        let agents = (0..<most).map { "{id: pa-\($0), pulse: {agentSource: a\($0), customerSource: c\($0)}}" }
        let daemon = try DaemonUnderTest(
            binary: "\(binaryDirectory)/ccrd", directory: "\(work)/ccrd-pulse", httpPort: port, config: config,
            extra: ["CCRD_AGENTS": "[\(agents.joined(separator: ", "))]", "CCRD_INGEST_PULSE_SERVER": server.address])
        defer { daemon.stop() }
        try await daemon.waitUntilReady()
        let listener = AlertListener(port: daemon.httpPort, token: daemon.adminToken)
        defer { listener.stop() }
        try await Task.sleep(for: .seconds(2))
        let baseline = daemon.sample?.rssKiB ?? 0
        let cut = deadAirStart(corpus)
        log(String(format: "PulseAudio: %d agents' lines on one server; dead air cut at %.2f s", most, Double(cut) / 16_000))
        // A fresh server's sinks deliver late at first (about 0.7 s here): every sink plays
        // silence for 3 s before any step.
        try await warmUp(server: server, agents: most, corpus: corpus)
        var results: [Step] = []
        for (number, agents) in steps.enumerated() {
            let step = try await one(
                agents: agents, prefix: "pulse\(number)x\(agents)-", server: server, daemon: daemon, listener: listener, corpus: corpus,
                cut: cut, settings: settings, baselineRSSKiB: baseline)
            log(String(
                format: "  pulse %3d agents: ccrd %.2f cores, %.1f CPU-s/leg-h, server %.2f cores, players %.2f cores, captured %.4f, latency p50 %@ p99 %@",
                agents, step.ccrdCores, step.cpuSecondsPerLegHour, step.serverCores, step.playerCores, step.capturedRatio,
                step.latencyP50Ms.map { String(format: "%.0f ms", $0) } ?? "-", step.latencyP99Ms.map { String(format: "%.0f ms", $0) } ?? "-"))
            results.append(step)
            try await Task.sleep(for: .seconds(3))
        }
        return results
    }

    /// Where the dead air starts (samples): the first frame after 12 s where the customer is loud,
    /// so that speech stops there and nowhere before.
    static func deadAirStart(_ corpus: Corpus) -> Int {
        var frame = 12 * 16_000 / 320
        while (frame + 1) * 320 < corpus.customer.count {
            let samples = corpus.customer[(frame * 320)..<((frame + 1) * 320)]
            let power = samples.reduce(0) { $0 + Double($1 * $1) } / 320
            if 10 * log10(max(power, 1e-12)) > -25 { return frame * 320 }
            frame += 1
        }
        return 12 * 16_000
    }

    static func warmUp(server: PulseServerUnderTest, agents: Int, corpus: Corpus) async throws {
        let (pipes, players) = try startPlayers(server: server, agents: agents)
        let feed = PlayerFeed(descriptors: pipes.map { $0.fileHandleForWriting.fileDescriptor }, corpus: corpus, cut: 0, leadTicks: 150, totalTicks: 150)
        feed.start()
        try await Task.sleep(for: .seconds(3.5))
        feed.stop()
        try await Task.sleep(for: .milliseconds(100))
        stopPlayers(players, pipes)
    }

    /// A `pacat` per agent, each reading a small pipe (64 ms: a player slow to connect cannot
    /// bank seconds of audio), once their streams are all on the server.
    static func startPlayers(server: PulseServerUnderTest, agents: Int) throws -> ([Pipe], [Process]) {
        var pipes: [Pipe] = []
        var players: [Process] = []
        for index in 0..<agents {
            let pipe = Pipe()
            _ = fcntl(pipe.fileHandleForWriting.fileDescriptor, 1031 /* F_SETPIPE_SZ */, 4096)
            pipes.append(pipe)
            players.append(try server.player(agent: index, input: pipe))
        }
        // Until every player's stream is on the server (at most 10 s).
        for _ in 0..<100 where server.playbackStreams() < agents { usleep(100_000) }
        return (pipes, players)
    }

    /// Stops the players (end of input, then SIGTERM, then SIGKILL after 2 s) and waits until
    /// they are gone: the server takes 64 clients at most. The feed must have stopped.
    static func stopPlayers(_ players: [Process], _ pipes: [Pipe]) {
        for pipe in pipes { try? pipe.fileHandleForWriting.close() }
        for player in players where player.isRunning { player.terminate() }
        for _ in 0..<40 where players.contains(where: \.isRunning) { usleep(50_000) }
        for player in players where player.isRunning { kill(player.processIdentifier, SIGKILL) }
        for player in players { player.waitUntilExit() }
    }

    static func one(
        agents: Int, prefix: String, server: PulseServerUnderTest, daemon: DaemonUnderTest, listener: AlertListener, corpus: Corpus, cut: Int,
        settings: EndToEnd.Settings, baselineRSSKiB: Int
    ) async throws -> Step {
        let (pipes, players) = try startPlayers(server: server, agents: agents)
        // A little silence first, while the calls start (less than the dead-air rule's 3 s,
        // staggered start included); the conversation from `lead` ticks on.
        let lead = 80
        let seconds = settings.warmupSeconds + settings.windowSeconds + 2
        let writer = PlayerFeed(
            descriptors: pipes.map { $0.fileHandleForWriting.fileDescriptor }, corpus: corpus, cut: cut,
            leadTicks: lead, totalTicks: lead + stagger + seconds * 50)
        writer.start()
        defer {
            writer.stop()
            usleep(100_000)
            stopPlayers(players, pipes)
        }
        for index in 0..<agents {
            _ = try await post("/v1/calls", daemon: daemon, body: ["callId": "\(prefix)\(index)", "agentId": "pa-\(index)", "source": "pulse"])
        }
        while writer.startTime == nil { try await Task.sleep(for: .milliseconds(20)) }
        let start = writer.startTime!
        let conversationStart = start + Double(lead) * 0.02
        try await Task.sleep(for: .seconds(max(0, conversationStart - Date().timeIntervalSince1970) + Double(settings.warmupSeconds)))
        let before = daemon.sample
        let serverBefore = ProcessSample(pid: server.pid)
        let playersBefore = players.compactMap { ProcessSample(pid: $0.processIdentifier) }
        let capturedBefore = try await capture(prefix: prefix, daemon: daemon)
        try await Task.sleep(for: .seconds(settings.windowSeconds))
        let after = daemon.sample
        let serverAfter = ProcessSample(pid: server.pid)
        let playersAfter = players.compactMap { ProcessSample(pid: $0.processIdentifier) }
        let capturedAfter = try await capture(prefix: prefix, daemon: daemon)
        let window = after.flatMap { a in before.map { b in a.time - b.time } }.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 } ?? 0
        for index in 0..<agents { _ = try? await post("/v1/calls/\(prefix)\(index)/end", daemon: daemon, body: nil) }
        writer.stop()
        // Only the scripted dead air (a call's start is silent for under 3 s; this filters
        // anything else out).
        let latencies = listener.arrivals(prefix: prefix).filter { $0.rule == "dead-air" && $0.raisedAt > 8 }.compactMap { arrival -> Double? in
            guard let index = Int(arrival.callId.dropFirst(prefix.count)) else { return nil }
            let played = conversationStart + Double(index % stagger) * 0.02 + Double(cut) / 16_000 + DaemonUnderTest.deadAirThreshold + 0.02
            return (arrival.arrival - played) * 1000
        }.sorted()
        func percentile(_ p: Double) -> Double? { Percentile.of(latencies, p) }
        let cores = before.flatMap { b in after.map { ProcessSample.coreShare(from: b, to: $0) } } ?? 0
        let serverCores = serverBefore.flatMap { b in serverAfter.map { ProcessSample.coreShare(from: b, to: $0) } } ?? 0
        let playerCores = zip(playersBefore, playersAfter).map { ProcessSample.coreShare(from: $0, to: $1) }.reduce(0, +)
        return Step(
            agents: agents, legs: agents * 2, liveCalls: capturedAfter.calls, ccrdCores: cores, cpuSecondsPerLegHour: cores / Double(agents * 2) * 3600,
            serverCores: serverCores, playerCores: playerCores,
            capturedRatio: window > 0 ? (capturedAfter.captured - capturedBefore.captured) / (window * Double(agents * 2)) : 0,
            holeSeconds: capturedAfter.holes - capturedBefore.holes,
            rssPerCallKiB: Double((after?.rssKiB ?? 0) - baselineRSSKiB) / Double(agents), latencyP50Ms: percentile(0.5),
            latencyP99Ms: percentile(0.99), latencyMeasured: latencies.count, writerLateTicks: writer.lateTicks)
    }

    /// Calls starts this many ticks apart, in turns.
    static let stagger = 25

    /// Seconds captured and in holes, summed over the step's live calls' legs.
    static func capture(prefix: String, daemon: DaemonUnderTest) async throws -> (calls: Int, captured: Double, holes: Double) {
        let (_, live) = try await get("/v1/calls?state=live", daemon: daemon)
        var captured = 0.0, holes = 0.0
        let calls = (live["calls"] as? [[String: Any]] ?? []).filter { ($0["callId"] as? String)?.hasPrefix(prefix) == true }
        for call in calls {
            for leg in ((call["capture"] as? [String: Any]) ?? [:]).values {
                guard let leg = leg as? [String: Any] else { continue }
                captured += (leg["capturedSeconds"] as? NSNumber)?.doubleValue ?? 0
                holes += (leg["holeSeconds"] as? NSNumber)?.doubleValue ?? 0
            }
        }
        return (calls.count, captured, holes)
    }

    static func post(_ path: String, daemon: DaemonUnderTest, body: [String: Any]?) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "\(daemon.api)\(path)")!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(daemon.gatewayToken)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        if let body { request.httpBody = try JSONSerialization.data(withJSONObject: body) }
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else { throw BenchError.tool("POST \(path) answered \(status): \(String(decoding: data, as: UTF8.self))") }
        return (status, ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:])
    }

    static func get(_ path: String, daemon: DaemonUnderTest) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: "\(daemon.api)\(path)")!)
        request.setValue("Bearer \(daemon.adminToken)", forHTTPHeaderField: "Authorization")
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any]) ?? [:])
    }
}

import CCRCore
import CCRMedia
import CCRStore
import Foundation
import Logging
import NIOCore

/// Everything ccrd reads from `ccrd.yaml` and `CCRD_*` variables, validated.
public struct Configuration: Sendable {
    /// Where the HTTP API listens.
    public struct HTTP: Sendable {
        public var host = "127.0.0.1"
        public var port = 8640
        /// A connection with no request or answer for this long is closed.
        public var idleTimeout: Duration = .seconds(60)
        /// A connection's first request must be in and answered (begun) within this, or it gets 408.
        public var requestTimeout: Duration = .seconds(15)
        /// Connections open at once; beyond, new ones get 503.
        public var maxConnections = 1024
        /// Largest request head (all header lines), bytes; beyond, 431.
        public var maxHeaderBytes = 16_384
        /// HTTPS instead of HTTP, when set.
        public var tls: TLSFiles?
    }

    /// The PEM files the API serves TLS with (`http.tls.*`).
    public struct TLSFiles: Sendable, Equatable {
        public var certificate: String
        public var key: String
    }

    /// Log verbosity, as written in the configuration.
    public enum LogLevel: String, Sendable, CaseIterable {
        case trace, debug, info, notice, warning, error, critical

        public var level: Logger.Level { Logger.Level(rawValue: rawValue) ?? .info }
    }

    /// Where ccrd keeps its state.
    public struct StoreSettings: Sendable {
        /// The SQLite file; its directory is created when missing.
        public var path = "data/ccrd.sqlite"
        /// How often live calls are written, so a crash loses at most this much of them.
        public var checkpointInterval: Duration = .seconds(10)
        /// Ended calls waiting to be written (the database slow or failing) beyond which new
        /// calls are refused (503 `store_backlog`): the writer never drops a call, so ingest
        /// stops taking more instead of memory growing without bound.
        public var maxUnwrittenCalls = 5000
    }

    /// How failed authentication is limited.
    public struct AuthSettings: Sendable {
        /// Failed attempts allowed per source address within `failureWindow`.
        public var failureLimit = 10
        public var failureWindow: Duration = .seconds(60)
    }

    /// How ccrd watches its own service level (`sla.*`).
    public struct SLASettings: Sendable {
        /// How often the health loop probes and writes its heartbeat: after a crash the
        /// downtime is known to within this.
        public var heartbeatInterval: Duration = .seconds(5)
        /// The zone whose calendar months the report counts (and business hours, later).
        public var zone: ZoneRule = .paris
        public var zoneName = "Europe/Paris"
        /// Monthly availability promised, percent.
        public var availabilityTarget = 99.0
        /// The recurring maintenance window, excluded from availability; nil for none.
        public var weeklyMaintenance: WeeklyWindow? = .contract
        /// Deadlines to take incidents in charge, and the monthly objective (`sla.incidents.*`).
        public var incidents: IncidentContract = .standard()
        /// The business calendar deadlines are counted on: Monday–Friday 09:00–18:30
        /// Europe/Paris, outside French public holidays.
        public var calendar: BusinessCalendar = .contract
    }

    /// The incident profiles a contract can name.
    public enum IncidentProfile: String, Sendable, CaseIterable {
        case standard
        case crm360
    }

    public var http = HTTP()
    public var storage = StoreSettings()
    public var sla = SLASettings()
    public var auth = AuthSettings()
    /// Days each class of data is kept (`retention.*`).
    public var retention = RetentionPolicy()
    public var live = LiveSettings()
    public var ingest = IngestSettings()
    public var transcription = TranscriptionSettings()
    /// What transcripts are listened to for (`phrases.*`).
    public var phrases = PhraseSettings()
    public var logLevel: LogLevel = .info
    /// The file this was read from, for logs.
    public var path: String = "(defaults)"

    public init() {}

    /// The default configuration file: /etc/ccrd/ccrd.yaml when it exists, else Config/ccrd.yaml.
    public static func defaultPath(fileManager: FileManager = .default) -> String {
        fileManager.fileExists(atPath: "/etc/ccrd/ccrd.yaml") ? "/etc/ccrd/ccrd.yaml" : "Config/ccrd.yaml"
    }

    /// Loads and validates a configuration file with environment overrides.
    public static func load(path: String, environment: [String: String]) throws(ConfigError) -> Configuration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        var configuration = try Configuration(reader: ConfigReader(yaml: text, path: path, environment: environment))
        configuration.path = path
        return configuration
    }

    /// Reads every key; fails on the first invalid or unknown one.
    public init(reader: ConfigReader) throws(ConfigError) {
        let defaults = IngestSettings()
        http.host = try Self.address(reader, "http.host", default: http.host)
        http.port = try reader.int("http.port", default: http.port, range: 0...65535)
        http.idleTimeout = try reader.duration("http.idleTimeout", default: http.idleTimeout, range: .seconds(1)...(.seconds(3600)))
        http.requestTimeout = try reader.duration(
            "http.requestTimeout", default: http.requestTimeout, range: .seconds(1)...(.seconds(600)))
        http.maxConnections = try reader.int("http.maxConnections", default: http.maxConnections, range: 1...1_000_000)
        http.maxHeaderBytes = try reader.int("http.maxHeaderBytes", default: http.maxHeaderBytes, range: 1024...(1 << 20))
        let certificate = try reader.optionalString("http.tls.certificate")
        let key = try reader.optionalString("http.tls.key")
        switch (certificate, key) {
        case (let certificate?, let key?):
            http.tls = TLSFiles(certificate: certificate, key: key)
        case (nil, nil):
            http.tls = nil
        default:
            throw .invalidValue(
                key: certificate == nil ? "http.tls.certificate" : "http.tls.key", value: "",
                expected: "both http.tls.certificate and http.tls.key (PEM files), or neither", origin: "configuration")
        }
        logLevel = try reader.choice("log.level", default: logLevel)
        storage.path = try reader.string("storage.path", default: storage.path)
        if storage.path.isEmpty {
            throw .invalidValue(key: "storage.path", value: "", expected: "a file path such as /var/lib/ccrd/ccrd.sqlite", origin: "configuration")
        }
        storage.checkpointInterval = try reader.duration(
            "storage.checkpointInterval", default: storage.checkpointInterval, range: .seconds(1)...(.seconds(3600)))
        storage.maxUnwrittenCalls = try reader.int("storage.maxUnwrittenCalls", default: storage.maxUnwrittenCalls, range: 10...1_000_000)
        sla = try Self.slaSettings(reader)
        retention.callDays = try reader.int("retention.calls", default: retention.callDays, range: 0...36500)
        retention.alertDays = try reader.int("retention.alerts", default: retention.alertDays, range: 0...36500)
        retention.reviewDays = try reader.int("retention.reviews", default: retention.reviewDays, range: 0...36500)
        retention.journalDays = try reader.int("retention.journal", default: retention.journalDays, range: 0...36500)
        retention.transcriptDays = try reader.int("retention.transcripts", default: retention.transcriptDays, range: 0...36500)
        auth.failureLimit = try reader.int("auth.failureLimit", default: auth.failureLimit, range: 1...1_000_000)
        auth.failureWindow = try reader.duration("auth.failureWindow", default: auth.failureWindow, range: .seconds(1)...(.seconds(86400)))
        live.bufferEvents = try reader.int("live.bufferEvents", default: live.bufferEvents, range: 0...10_000_000)
        live.bufferSeconds = try reader.seconds("live.bufferSeconds", default: live.bufferSeconds, range: 0...86400)
        live.clientQueue = try reader.int("live.clientQueue", default: live.clientQueue, range: 1...1_000_000)
        live.maxClients = try reader.int("live.maxClients", default: live.maxClients, range: 1...1_000_000)
        live.maxClientsPerToken = try reader.int("live.maxClientsPerToken", default: live.maxClientsPerToken, range: 1...1_000_000)
        live.pingInterval = try reader.duration("live.pingInterval", default: live.pingInterval, range: .seconds(1)...(.seconds(3600)))

        ingest.bindAddress = try Self.address(reader, "ingest.rtp.bindAddress", default: defaults.bindAddress)
        ingest.portRange = try reader.portRange("ingest.rtp.portRange", default: defaults.portRange)
        ingest.idleTimeout = try reader.duration(
            "ingest.rtp.idleTimeout", default: defaults.idleTimeout, range: .seconds(1)...(.seconds(3600)))
        ingest.placementWait = try reader.duration(
            "ingest.rtp.placementWait", default: defaults.placementWait, range: .zero...(.seconds(5)))
        let depth = try reader.duration(
            "ingest.rtp.jitterBuffer", default: .milliseconds(defaults.jitterBufferMilliseconds),
            range: .zero...(.milliseconds(1000)))
        ingest.jitterBufferMilliseconds = Int(depth.components.seconds * 1000 + depth.components.attoseconds / 1_000_000_000_000_000)
        ingest.opusPayloadTypes = try reader.payloadTypes("ingest.rtp.opusPayloadTypes", default: defaults.opusPayloadTypes)
        ingest.receiveBufferBytes = try reader.int(
            "ingest.rtp.receiveBufferBytes", default: defaults.receiveBufferBytes, range: 4096...(64 << 20))
        ingest.vectorReadCount = try reader.int("ingest.rtp.vectorReadCount", default: defaults.vectorReadCount, range: 1...64)
        ingest.learningPackets = try reader.int("ingest.rtp.learningPackets", default: defaults.learningPackets, range: 1...50)
        ingest.resyncThreshold = try reader.duration(
            "ingest.rtp.resyncThreshold", default: defaults.resyncThreshold, range: .milliseconds(100)...(.seconds(30)))
        ingest.maxMediaPerPacket = try reader.duration(
            "ingest.rtp.maxMediaPerPacket", default: defaults.maxMediaPerPacket, range: .milliseconds(100)...(.seconds(30)))
        ingest.maxCalls = try reader.int("ingest.maxCalls", default: defaults.maxCalls, range: 1...1_000_000)
        ingest.maxCallsPerToken = try reader.int("ingest.maxCallsPerToken", default: defaults.maxCallsPerToken, range: 1...1_000_000)
        ingest.startsPerSecond = try reader.int("ingest.startsPerSecond", default: defaults.startsPerSecond, range: 1...100_000)
        ingest.keepEndedCalls = try reader.int("ingest.keepEndedCalls", default: defaults.keepEndedCalls, range: 0...100_000)
        ingest.pulseServer = try reader.optionalString("ingest.pulse.server").flatMap { $0.isEmpty ? nil : $0 }
        ingest.pulseAutoCalls = try reader.bool("ingest.pulse.autoCalls", default: defaults.pulseAutoCalls)
        ingest.pulseIdleTimeout = try reader.duration(
            "ingest.pulse.idleTimeout", default: defaults.pulseIdleTimeout, range: .seconds(1)...(.seconds(120)))
        let lines = try reader.list("agents") { item throws(ConfigError) in
            try Self.agentLines(item)
        }
        ingest.staticLines = lines.compactMap(\.rtp)
        ingest.pulseLines = lines.compactMap(\.pulse)
        ingest.analysis = try Self.analysisSettings(reader)
        transcription = try Self.transcriptionSettings(reader, storagePath: storage.path)
        phrases = try Self.phraseSettings(reader, rules: ingest.analysis.alertRules)
        try reader.finish()
        try Self.checkStaticLines(ingest)
    }

    private static func slaSettings(_ reader: ConfigReader) throws(ConfigError) -> SLASettings {
        var sla = SLASettings()
        sla.heartbeatInterval = try reader.duration(
            "sla.heartbeatInterval", default: sla.heartbeatInterval, range: .milliseconds(100)...(.seconds(60)))
        sla.zoneName = try reader.string("sla.zone", default: sla.zoneName)
        guard let zone = ZoneRule(name: sla.zoneName) else {
            throw .invalidValue(key: "sla.zone", value: sla.zoneName, expected: Self.zoneExpectation, origin: "configuration")
        }
        sla.zone = zone
        sla.availabilityTarget = try reader.double("sla.availabilityTarget", default: sla.availabilityTarget, range: 50...100)
        let profile: IncidentProfile = try reader.choice("sla.incidents.profile", default: .standard)
        sla.incidents = profile == .standard ? .standard(on: sla.calendar) : .crm360
        for (key, priority) in [("sla.incidents.p1", IncidentPriority.p1), ("sla.incidents.p2", .p2), ("sla.incidents.p3", .p3)] {
            let current = Duration.milliseconds(sla.incidents.takeInCharge[priority] ?? 0)
            let target = try reader.duration(key, default: current, range: .seconds(60)...(.seconds(1000 * 3600)))
            sla.incidents.takeInCharge[priority] = target.components.seconds * 1000 + target.components.attoseconds / 1_000_000_000_000_000
        }
        sla.incidents.objective = try reader.double("sla.incidents.objective", default: sla.incidents.objective * 100, range: 1...100) / 100
        let day = try reader.string("sla.maintenance.day", default: "thursday")
        let start = try reader.string("sla.maintenance.start", default: "06:00")
        let end = try reader.string("sla.maintenance.end", default: "08:00")
        let windowZone = try reader.string("sla.maintenance.zone", default: "+01:00")
        if day == "none" {
            sla.weeklyMaintenance = nil
            return sla
        }
        let days = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
        guard let weekday = days.firstIndex(of: day) else {
            throw .invalidValue(key: "sla.maintenance.day", value: day, expected: "a day (monday … sunday) or none", origin: "configuration")
        }
        guard let opens = Self.timeOfDay(start) else {
            throw .invalidValue(key: "sla.maintenance.start", value: start, expected: "a time HH:MM", origin: "configuration")
        }
        guard let closes = Self.timeOfDay(end), closes != opens else {
            throw .invalidValue(key: "sla.maintenance.end", value: end, expected: "a time HH:MM other than the start (before it: the next day)", origin: "configuration")
        }
        guard let rule = ZoneRule(name: windowZone) else {
            throw .invalidValue(key: "sla.maintenance.zone", value: windowZone, expected: Self.zoneExpectation, origin: "configuration")
        }
        sla.weeklyMaintenance = WeeklyWindow(weekday: weekday + 1, start: opens, end: closes, zone: rule)
        return sla
    }

    static let zoneExpectation = "UTC, an offset such as +01:00 or GMT+1, or a European zone such as Europe/Paris"

    /// `HH:MM`, 00:00 to 24:00, as seconds after midnight.
    static func timeOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy({ $0 >= "0" && $0 <= "9" }) }),
            let hours = Int(parts[0]), let minutes = Int(parts[1]), (0...24).contains(hours), (0..<60).contains(minutes),
            hours * 60 + minutes <= 24 * 60
        else { return nil }
        return hours * 3600 + minutes * 60
    }

    private static func address(_ reader: ConfigReader, _ key: String, default defaultValue: String) throws(ConfigError) -> String {
        let value = try reader.string(key, default: defaultValue)
        guard (try? SocketAddress(ipAddress: value, port: 0)) != nil else {
            throw .invalidValue(key: key, value: value, expected: "an IPv4 or IPv6 address such as 127.0.0.1 or 0.0.0.0", origin: "configuration")
        }
        return value
    }

    /// One `agents` entry: a static RTP line (`agentPort`, `customerPort`, …), a PulseAudio line
    /// (`pulse.agentSource`, `pulse.customerSource`, `pulse.server`), or both.
    private static func agentLines(_ item: ConfigReader) throws(ConfigError) -> (rtp: StaticLineSettings?, pulse: PulseLine?) {
        guard let id = try item.optionalString("id"), !id.isEmpty else {
            throw .invalidValue(key: "agents[].id", value: "", expected: "the agent's id", origin: "configuration")
        }
        let agentSource = try item.optionalString("pulse.agentSource")
        let customerSource = try item.optionalString("pulse.customerSource")
        let server = try item.optionalString("pulse.server")
        var pulse: PulseLine?
        if agentSource != nil || customerSource != nil || server != nil {
            guard let agentSource, !agentSource.isEmpty, let customerSource, !customerSource.isEmpty else {
                throw .invalidValue(
                    key: "agents[\(id)].pulse", value: "", expected: "both agentSource (the headset microphone) and customerSource (the monitor of the sink the agent hears)",
                    origin: "configuration")
            }
            if let server, server.isEmpty || server.count > 512 {
                throw .invalidValue(key: "agents[\(id)].pulse.server", value: server, expected: "a PulseAudio server address such as tcp:ws-17.example:4713", origin: "configuration")
            }
            pulse = PulseLine(agentId: id, team: try item.optionalString("team"), server: server, agentSource: agentSource, customerSource: customerSource)
        }
        let rtp = try item.optionalString("agentPort") != nil || pulse == nil ? try staticLine(item, id: id) : nil
        return (rtp, pulse)
    }

    private static func staticLine(_ item: ConfigReader, id: String) throws(ConfigError) -> StaticLineSettings {
        let agentPort = try item.int("agentPort", default: 0, range: 1024...65534)
        let customerPort = try item.int("customerPort", default: 0, range: 1024...65534)
        for (name, port) in [("agentPort", agentPort), ("customerPort", customerPort)] where port % 2 != 0 {
            throw .invalidValue(
                key: "agents[\(id)].\(name)", value: "\(port)", expected: "an even port (RTCP uses the next one)",
                origin: "configuration")
        }
        var line = StaticLineSettings(agentId: id, agentPort: agentPort, customerPort: customerPort)
        line.team = try item.optionalString("team")
        line.agentCodec = try item.choice("agentCodec", default: Codec.pcmu)
        line.customerCodec = try item.choice("customerCodec", default: Codec.pcmu)
        line.source = try item.optionalString("source")
        if let source = line.source, (try? SocketAddress(ipAddress: source, port: 0)) == nil {
            throw .invalidValue(key: "agents[\(id)].source", value: source, expected: "an IP address", origin: "configuration")
        }
        return line
    }

    private static func checkStaticLines(_ ingest: IngestSettings) throws(ConfigError) {
        var taken: [Int: String] = [:]
        for line in ingest.staticLines {
            for port in [line.agentPort, line.customerPort] {
                if let other = taken[port] {
                    throw .invalidValue(
                        key: "agents[\(line.agentId)]", value: "\(port)",
                        expected: "ports not already used by agent \(other) (each leg also takes port+1 for RTCP)",
                        origin: "configuration")
                }
                if ingest.portRange.contains(port) {
                    throw .invalidValue(
                        key: "agents[\(line.agentId)]", value: "\(port)",
                        expected: "a port outside ingest.rtp.portRange, which API calls use", origin: "configuration")
                }
                taken[port] = line.agentId
                taken[port + 1] = line.agentId
            }
        }
    }
}

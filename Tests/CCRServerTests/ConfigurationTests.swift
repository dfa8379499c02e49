import CCRCore
import CCRMedia
import CCRStore
import Foundation
import Testing

@testable import CCRServer

@Suite("Configuration")
struct ConfigurationTests {
    func load(_ yaml: String, environment: [String: String] = [:]) throws(ConfigError) -> Configuration {
        try Configuration(reader: ConfigReader(yaml: yaml, path: "test.yaml", environment: environment))
    }

    @Test func environmentNamesSplitCamelCase() {
        #expect(ConfigReader.environmentName(for: "http.port") == "CCRD_HTTP_PORT")
        #expect(ConfigReader.environmentName(for: "ingest.rtp.idleTimeout") == "CCRD_INGEST_RTP_IDLE_TIMEOUT")
        #expect(ConfigReader.environmentName(for: "ingest.rtp.opusPayloadTypes") == "CCRD_INGEST_RTP_OPUS_PAYLOAD_TYPES")
        #expect(ConfigReader.environmentName(for: "agents") == "CCRD_AGENTS")
    }

    @Test func shippedDefaultFileMatchesBuiltInDefaults() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Config/ccrd.yaml")
            .standardized.path
        let configuration = try Configuration.load(path: path, environment: [:])
        let defaults = IngestSettings()
        #expect(configuration.http.port == 8640)
        #expect(configuration.http.host == "127.0.0.1")
        #expect(configuration.ingest.portRange == defaults.portRange)
        #expect(configuration.ingest.idleTimeout == defaults.idleTimeout)
        #expect(configuration.ingest.jitterBufferMilliseconds == defaults.jitterBufferMilliseconds)
        #expect(configuration.ingest.opusPayloadTypes == defaults.opusPayloadTypes)
        #expect(configuration.ingest.receiveBufferBytes == defaults.receiveBufferBytes)
        #expect(configuration.ingest.vectorReadCount == defaults.vectorReadCount)
        #expect(configuration.storage.path == Configuration().storage.path)
        #expect(configuration.storage.checkpointInterval == Configuration().storage.checkpointInterval)
        #expect(configuration.retention == Configuration().retention)
        #expect(configuration.auth.failureLimit == Configuration().auth.failureLimit)
        #expect(configuration.auth.failureWindow == Configuration().auth.failureWindow)
        #expect(configuration.live == LiveSettings())
        #expect(configuration.ingest.staticLines.isEmpty)
        #expect(configuration.logLevel == .info)
        #expect(configuration.ingest.analysis == AnalysisSettings())
        #expect(configuration.sla.heartbeatInterval == Configuration().sla.heartbeatInterval)
        // The phrase sets written out in the file are the built-in French and English defaults.
        #expect(configuration.phrases == PhraseSettings())
        #expect(configuration.phrases.book == PhraseBook.standard)
    }

    @Test func phrasesAreReadAndChecked() throws {
        let yaml = """
            phrases:
              momentGap: 8s
              languages:
                - language: de
                  irritants:
                    - {id: manager, say: ["einen Vorgesetzten sprechen", "Ihren Chef"], tolerance: 0.3}
                  categories:
                    - {id: billing, say: Rechnung}
              scripts:
                - language: de
                  team: sales
                  steps:
                    - {id: greeting, say: ["guten Tag"], within: 10s, weight: 3}
                    - {id: closing, say: ["auf Wiederhören"], last: 30s}
            """
        let book = try load(yaml).phrases.book
        #expect(book.momentGapSeconds == 8)
        #expect(book.languages.map(\.code) == ["de"])
        #expect(book.languages[0].irritants[0].tolerance == 0.3 && book.languages[0].irritants[0].folded[1] == ["ihren", "chef"])
        #expect(book.languages[0].categories[0].tolerance == PhraseBook.categoryTolerance)
        #expect(book.scripts.count == 1 && book.scripts[0].team == "sales")
        #expect(book.scripts[0].steps[0].withinSeconds == 10 && book.scripts[0].steps[0].weight == 3)
        #expect(book.scripts[0].steps[1].lastSeconds == 30 && book.scripts[0].steps[1].withinSeconds == nil)
        // Only scripts given: the standard languages stay.
        let scriptsOnly = try load("phrases:\n  scripts:\n    - {language: fr, steps: [{id: greeting, say: bonjour, within: 15s}]}").phrases.book
        #expect(scriptsOnly.languages == PhraseBook.standard.languages && scriptsOnly.scripts.count == 1)

        func refused(_ yaml: String, _ key: String) {
            #expect {
                try load(yaml)
            } throws: { error in
                "\(error)".contains(key)
            }
        }
        refused("phrases:\n  languages:\n    - {language: French, irritants: []}", "phrases.languages[].language")
        refused("phrases:\n  languages:\n    - {language: fr, irritants: [{id: x, say: []}]}", "phrases.languages[fr].irritants[x].say")
        refused("phrases:\n  languages:\n    - {language: fr, irritants: [{id: x, say: [\"!!!\"]}]}", "phrases.languages[fr].irritants[x].say")
        refused("phrases:\n  languages:\n    - {language: fr, irritants: [{id: x, say: [a], tolerance: 0.9}]}", "tolerance")
        refused("phrases:\n  languages:\n    - {language: fr, irritants: [{id: x, say: [a]}, {id: x, say: [b]}]}", "unique")
        refused("phrases:\n  scripts:\n    - {language: fr, steps: []}", "phrases.scripts[fr].steps")
        refused("phrases:\n  scripts:\n    - {language: fr, steps: [{id: a, say: [b], colour: red}]}", "colour")
        // A rule on a step that has no deadline in any script.
        refused(
            "alerts:\n  - {name: late-closing, metric: scriptStepsMissed, threshold: 1, step: closing}",
            "alerts[late-closing].step")
        refused("alerts:\n  - {name: x, metric: deadAir, threshold: 1, step: greeting}", "alerts[x].step")
        refused("scorecard:\n  criteria:\n    - {name: s, metric: scriptStep, min: 1}", "scorecard.criteria[s].metric")
    }

    @Test func theSLAKeysAreReadAndChecked() throws {
        #expect(try load("sla: {heartbeatInterval: 500ms}").sla.heartbeatInterval == .milliseconds(500))
        #expect(try load("", environment: ["CCRD_SLA_HEARTBEAT_INTERVAL": "2s"]).sla.heartbeatInterval == .seconds(2))
        #expect(throws: ConfigError.self) { try load("sla: {heartbeatInterval: 10ms}") }
        #expect(throws: ConfigError.self) { try load("sla: {heartbeatInterval: 2m}") }
        // The contract's defaults.
        let defaults = try load("")
        #expect(defaults.sla.zone == .paris && defaults.sla.availabilityTarget == 99)
        #expect(defaults.sla.weeklyMaintenance == WeeklyWindow.contract)
        // A window across midnight on another zone, or none.
        let night = try load(#"sla: {zone: UTC, availabilityTarget: 99.5, maintenance: {day: sunday, start: "23:00", end: "01:30", zone: Europe/Paris}}"#)
        #expect(night.sla.zone == .utc && night.sla.availabilityTarget == 99.5)
        #expect(night.sla.weeklyMaintenance == WeeklyWindow(weekday: 7, start: 23 * 3600, end: 5400, zone: .paris))
        #expect(night.sla.weeklyMaintenance?.seconds == 2 * 3600 + 1800)
        #expect(try load("sla: {maintenance: {day: none}}").sla.weeklyMaintenance == nil)
        // Incident profiles and overrides.
        #expect(defaults.sla.incidents == IncidentContract.standard())
        let annex = try load("sla: {incidents: {profile: crm360, p3: 30h}}")
        #expect(annex.sla.incidents.name == "crm360" && annex.sla.incidents.objective == 0.95)
        let hour: Int64 = 3_600_000
        let expected: [IncidentPriority: Int64] = [.p1: 8 * hour, .p2: 24 * hour, .p3: 30 * hour]
        #expect(annex.sla.incidents.takeInCharge == expected)
        #expect(try load("sla: {incidents: {objective: 90}}").sla.incidents.objective == 0.9)
        #expect(throws: ConfigError.self) { try load("sla: {incidents: {profile: gold}}") }
        #expect(throws: ConfigError.self) { try load("sla: {incidents: {p1: 10s}}") }
        #expect(try load("", environment: ["CCRD_SLA_MAINTENANCE_DAY": "monday"]).sla.weeklyMaintenance?.weekday == 1)
        for bad in [
            "sla: {zone: Mars/Olympus}", "sla: {availabilityTarget: 101}", "sla: {maintenance: {day: thursdai}}",
            #"sla: {maintenance: {start: "6:00"}}"#, #"sla: {maintenance: {end: "24:01"}}"#, #"sla: {maintenance: {start: "08:00"}}"#,
            #"sla: {maintenance: {zone: "+01:00:00"}}"#, "sla: {maintenance: {length: 2h}}",
        ] {
            #expect(throws: ConfigError.self, "\(bad)") { try load(bad) }
        }
    }

    @Test func theSystemdNotifierReadsOnlyWhatMakesSense() {
        #expect(!SystemdNotifier(environment: [:]).isActive)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative/path"]).isActive)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)]).isActive)
        let abstract = SystemdNotifier(environment: ["NOTIFY_SOCKET": "@ccrd/notify", "WATCHDOG_USEC": "30000000"], processID: 42)
        #expect(abstract.isActive && abstract.address?.first == 0 && abstract.watchdogTimeout == .seconds(30))
        // A watchdog meant for another process, or a nonsense timeout, is ignored.
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/n", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "7"], processID: 42).watchdogTimeout == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/n", "WATCHDOG_USEC": "1000000", "WATCHDOG_PID": "42"], processID: 42).watchdogTimeout == .seconds(1))
        for bad in ["0", "-5", "abc", "99999999999999999999"] {
            #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "/run/n", "WATCHDOG_USEC": bad]).watchdogTimeout == nil)
        }
        // No socket, no watchdog; sending without a socket does nothing.
        #expect(SystemdNotifier(environment: ["WATCHDOG_USEC": "1000000"]).watchdogTimeout == nil)
        #expect(!SystemdNotifier(environment: [:]).send("READY=1"))
        #expect(SystemdNotifier.line("a\nb\rc") == "a b c")
    }

    @Test func storageAndRetentionKeysAreReadAndChecked() throws {
        let configuration = try load(
            """
            storage: {checkpointInterval: 2s}
            retention: {calls: 30, alerts: 0, reviews: 400, journal: 3650}
            """)
        #expect(configuration.storage.checkpointInterval == .seconds(2))
        #expect(configuration.retention == RetentionPolicy(callDays: 30, alertDays: 0, reviewDays: 400, journalDays: 3650))
        #expect(throws: ConfigError.self) { try load("retention: {calls: -1}") }
        #expect(throws: ConfigError.self) { try load("storage: {checkpointInterval: 0s}") }
        #expect(throws: ConfigError.self) { try load("retention: {forever: 1}") }
    }

    @Test func theVoiceActivityKeysAreReadAndChecked() throws {
        let configuration = try load("analysis: {vad: {spectral: false, spectralMargin: 4, startup: 1s}}")
        #expect(configuration.ingest.analysis.vad.spectral == false)
        #expect(configuration.ingest.analysis.vad.spectralMargin == 4)
        #expect(configuration.ingest.analysis.vad.startupFrames == 50)
        let environment = try load("", environment: ["CCRD_ANALYSIS_VAD_STARTUP": "0s"])
        #expect(environment.ingest.analysis.vad.startupFrames == 0)
        #expect(throws: ConfigError.self) { try load("analysis: {vad: {startup: 3s}}") }
        #expect(throws: ConfigError.self) { try load("analysis: {window: {hop: 1s}}") }
        #expect(try load("analysis: {window: {hop: 1s}, vad: {startup: 1s}}").ingest.analysis.vad.startupFrames == 50)
        #expect(throws: ConfigError.self) { try load("analysis: {vad: {spectralMargin: -1}}") }
        #expect(throws: ConfigError.self) { try load("analysis: {vad: {spectral: maybe}}") }
    }

    @Test func scorecardAndAlertRulesAreRead() throws {
        let configuration = try load(
            """
            analysis:
              window: {length: 60s, hop: 10s}
            scorecard:
              version: strict-2
              criteria:
                - {name: silence, metric: deadAir, weight: 3, max: 2, tolerance: 4}
            alerts:
              - {name: long-silence, metric: deadAir, comparator: ">=", threshold: 4, for: 1s, severity: critical, cooldown: 1m}
            """)
        let analysis = configuration.ingest.analysis
        #expect(analysis.windowLength == 60)
        #expect(analysis.windowHop == 10)
        #expect(analysis.scorecard == Scorecard(
            version: "strict-2",
            criteria: [.init(name: "silence", metric: .deadAir, weight: 3, max: 2, tolerance: 4)]))
        #expect(analysis.alertRules == [
            AlertRule(
                name: "long-silence", metric: .deadAir, comparator: .greaterOrEqual, threshold: 4, forSeconds: 1,
                severity: .critical, cooldownSeconds: 60)
        ])
        #expect(throws: ConfigError.self) { try load("alerts:\n  - {name: x, metric: loudness, threshold: 1}\n") }
        #expect(throws: ConfigError.self) { try load("alerts:\n  - {name: x, metric: deadAir}\n") }
        #expect(throws: ConfigError.self) { try load("alerts:\n  - {name: x, metric: deadAir, threshold: 1, comparator: '=='}\n") }
        #expect(throws: ConfigError.self) { try load("scorecard:\n  criteria:\n    - {name: x, metric: deadAir, weight: 1}\n") }
        #expect(throws: ConfigError.self) { try load("analysis:\n  window: {length: 10s, hop: 20s}\n") }
        #expect(throws: ConfigError.self) {
            try load("alerts:\n  - {name: x, metric: deadAir, threshold: 1}\n  - {name: x, metric: overtalk, threshold: 1}\n")
        }
    }

    @Test func episodeCountRulesTakeASpanAndOnlyThey() throws {
        let yaml = """
            alerts:
              - {name: again, metric: customerAgitationEpisodes, comparator: ">=", threshold: 3, within: 2m, severity: critical}
              - {name: again-default, metric: agentAgitationEpisodes, comparator: ">=", threshold: 2}
              - {name: long, metric: customerShouting, comparator: ">=", threshold: 5}
            """
        let rules = try load(yaml).ingest.analysis.alertRules
        #expect(rules.map(\.withinSeconds) == [120, 60, nil])
        #expect(rules[0].condition == "customerAgitationEpisodes >= 3 within 120 s")
        #expect(throws: ConfigError.invalidValue(
            key: "alerts[x].within", value: "",
            expected: "no span: only episode counts (customerAgitationEpisodes, agentAgitationEpisodes, customerIrritants) take one", origin: "configuration")
        ) { try load("alerts:\n  - {name: x, metric: deadAir, threshold: 1, within: 60s}\n") }
        #expect(throws: ConfigError.self) { try load("alerts:\n  - {name: x, metric: agentAgitationEpisodes, threshold: 1, within: 0s}\n") }
    }

    @Test func emptyFileGivesDefaults() throws {
        let configuration = try load("")
        #expect(configuration.http.port == 8640)
    }

    @Test func environmentOverridesFile() throws {
        let configuration = try load(
            "http:\n  port: 9000\ningest:\n  rtp:\n    jitterBuffer: 40ms\n",
            environment: ["CCRD_HTTP_PORT": "9100", "CCRD_INGEST_RTP_IDLE_TIMEOUT": "2m", "PATH": "/bin"])
        #expect(configuration.http.port == 9100)
        #expect(configuration.ingest.idleTimeout == .seconds(120))
        #expect(configuration.ingest.jitterBufferMilliseconds == 40)
    }

    @Test func storageAuthAndLiveKeysAreRead() throws {
        let configuration = try load(
            "storage:\n  path: /tmp/x.sqlite\nauth:\n  failureLimit: 3\n  failureWindow: 5m\nlive:\n  bufferEvents: 10\n  bufferSeconds: 2m\n  clientQueue: 7\n",
            environment: ["CCRD_LIVE_PING_INTERVAL": "5s"])
        #expect(configuration.storage.path == "/tmp/x.sqlite")
        #expect(configuration.auth.failureLimit == 3)
        #expect(configuration.auth.failureWindow == .seconds(300))
        #expect(configuration.live.bufferEvents == 10)
        #expect(configuration.live.bufferSeconds == 120)
        #expect(configuration.live.clientQueue == 7)
        #expect(configuration.live.pingInterval == .seconds(5))
        #expect(throws: ConfigError.self) { try load("live:\n  clientQueue: 0\n") }
        #expect(throws: ConfigError.self) { try load("store:\n  path: x\n") }
    }

    @Test func badValuesNameKeyValueAndExpectation() {
        #expect(throws: ConfigError.invalidValue(
            key: "http.port", value: "99999", expected: "an integer from 0 to 65535", origin: "test.yaml:2")) {
            try load("http:\n  port: 99999\n")
        }
        #expect {
            try load("", environment: ["CCRD_INGEST_RTP_PORT_RANGE": "40000"])
        } throws: { error in
            "\(error)".contains("ingest.rtp.portRange = '40000' (environment CCRD_INGEST_RTP_PORT_RANGE)")
        }
        #expect(throws: ConfigError.self) { try load("ingest:\n  rtp:\n    jitterBuffer: 5s\n") }
        #expect(throws: ConfigError.self) { try load("ingest:\n  rtp:\n    opusPayloadTypes: 96-200\n") }
        #expect(throws: ConfigError.self) { try load("log:\n  level: loud\n") }
        #expect(throws: ConfigError.self) { try load("http:\n  host: localhost-ish\n") }
    }

    @Test func unknownKeysAndVariablesAreRejected() {
        #expect(throws: ConfigError.unknownKey(key: "http.prot", origin: "test.yaml:2")) {
            try load("http:\n  prot: 80\n")
        }
        #expect(throws: ConfigError.unknownEnvironmentVariable("CCRD_HTTP_PROT")) {
            try load("", environment: ["CCRD_HTTP_PROT": "80"])
        }
        #expect(throws: ConfigError.self) { try load("agents:\n  - id: a\n    agentPort: 30000\n    customerPort: 30002\n    colour: red\n") }
    }

    @Test func syntaxErrorsAreReported() {
        #expect {
            try load("http: [unclosed\n")
        } throws: { error in
            if case .syntax(let path, _) = error as? ConfigError { return path == "test.yaml" }
            return false
        }
        #expect(throws: ConfigError.self) { try load("- just\n- a list\n") }
    }

    @Test func staticLinesAreReadAndChecked() throws {
        let configuration = try load(
            """
            agents:
              - id: agent-1
                team: sales
                agentPort: 30000
                customerPort: 30002
                agentCodec: opus
                source: 127.0.0.1
            """)
        let line = try #require(configuration.ingest.staticLines.first)
        #expect(line == StaticLineSettings(
            agentId: "agent-1", team: "sales", agentPort: 30000, customerPort: 30002, agentCodec: .opus,
            customerCodec: .pcmu, source: "127.0.0.1"))

        let fromEnvironment = try load("", environment: ["CCRD_AGENTS": "[{id: b, agentPort: 30010, customerPort: 30012}]"])
        #expect(fromEnvironment.ingest.staticLines.map(\.agentId) == ["b"])

        // Odd port, overlapping ports, a port inside the API range.
        #expect(throws: ConfigError.self) { try load("agents:\n  - {id: a, agentPort: 30001, customerPort: 30002}\n") }
        #expect(throws: ConfigError.self) {
            try load("agents:\n  - {id: a, agentPort: 30000, customerPort: 30002}\n  - {id: b, agentPort: 30002, customerPort: 30004}\n")
        }
        #expect(throws: ConfigError.self) { try load("agents:\n  - {id: a, agentPort: 40000, customerPort: 30002}\n") }
        #expect(throws: ConfigError.self) { try load("agents:\n  - {agentPort: 30000, customerPort: 30002}\n") }
    }

    @Test func pulseLinesAreReadAndChecked() throws {
        let configuration = try load(
            """
            ingest:
              pulse:
                server: unix:/run/pulse/native
            agents:
              - id: agent-21
                team: support
                pulse: {server: "tcp:ws-21.example:4713", agentSource: alsa_input.headset, customerSource: alsa_output.headset.monitor}
              - id: agent-22
                pulse: {agentSource: mic22, customerSource: spk22.monitor}
                agentPort: 30000
                customerPort: 30002
            """)
        #expect(configuration.ingest.pulseServer == "unix:/run/pulse/native")
        #expect(configuration.ingest.pulseLines == [
            PulseLine(agentId: "agent-21", team: "support", server: "tcp:ws-21.example:4713", agentSource: "alsa_input.headset", customerSource: "alsa_output.headset.monitor"),
            PulseLine(agentId: "agent-22", server: nil, agentSource: "mic22", customerSource: "spk22.monitor"),
        ])
        // A line with pulse only has no RTP ports; one with both has both.
        #expect(configuration.ingest.staticLines.map(\.agentId) == ["agent-22"])
        #expect(try load("").ingest.pulseServer == nil)
        #expect(try load("ingest:\n  pulse:\n    server: \"\"\n").ingest.pulseServer == nil)
        // Half a line is refused, naming what is missing.
        #expect {
            try load("agents:\n  - {id: a, pulse: {agentSource: mic}}\n")
        } throws: { error in
            "\(error)".contains("agents[a].pulse") && "\(error)".contains("customerSource")
        }
        #expect(throws: ConfigError.self) { try load("agents:\n  - {id: a, pulse: {agentSource: mic, customerSource: spk, color: red}}\n") }
    }

    @Test func automaticPulseCallsAreReadAndChecked() throws {
        let defaults = try load("")
        #expect(defaults.ingest.pulseAutoCalls == false)
        #expect(defaults.ingest.pulseIdleTimeout == .seconds(8))
        let automatic = try load("ingest:\n  pulse:\n    autoCalls: true\n    idleTimeout: 5s\n")
        #expect(automatic.ingest.pulseAutoCalls)
        #expect(automatic.ingest.pulseIdleTimeout == .seconds(5))
        #expect(try load("", environment: ["CCRD_INGEST_PULSE_AUTO_CALLS": "true"]).ingest.pulseAutoCalls)
        #expect {
            try load("ingest:\n  pulse:\n    autoCalls: sometimes\n")
        } throws: { error in
            "\(error)".contains("ingest.pulse.autoCalls") && "\(error)".contains("true or false")
        }
        #expect(throws: ConfigError.self) { try load("ingest:\n  pulse:\n    idleTimeout: 500ms\n") }
        #expect(throws: ConfigError.self) { try load("ingest:\n  pulse:\n    idleTimeout: 10m\n") }
    }

    @Test func transcriptionIsReadAndChecked() throws {
        let defaults = try load("")
        #expect(defaults.transcription.enabled && defaults.transcription.engine == .whisper)
        #expect(defaults.transcription.model == "data/models/ggml-base.bin")
        #expect(defaults.transcription.language == "auto" && defaults.transcription.detect == ["fr", "en"])
        #expect(defaults.transcription.maxLag == .seconds(30) && defaults.transcription.redactDigits == 6)
        #expect(defaults.retention.transcriptDays == 30)
        let set = try load(
            """
            storage:
              path: /var/lib/ccrd/ccrd.sqlite
            retention:
              transcripts: 7
            transcription:
              workers: 2
              language: fr
              detect: fr, en, de
              maxLag: 2m
              maxBacklog: 20m
              redactDigits: 0
              maxUtterance: 6s
              teams:
                - team: support-uk
                  language: en
              agents:
                - id: a7
                  language: de
            """)
        #expect(set.transcription.model == "/var/lib/ccrd/models/ggml-base.bin")
        #expect(set.transcription.workers == 2 && set.transcription.maxLag == .seconds(120) && set.transcription.maxBacklogSeconds == 1200)
        #expect(set.transcription.detect == ["fr", "en", "de"] && set.transcription.redactDigits == 0)
        #expect(set.transcription.utterances.maxSeconds == 6 && set.retention.transcriptDays == 7)
        #expect(set.transcription.language(agentId: "a7", team: "support-uk") == "de")
        #expect(set.transcription.language(agentId: "a1", team: "support-uk") == "en")
        #expect(set.transcription.language(agentId: "a1", team: nil) == "fr")
        let server = try load(
            "transcription:\n  engine: openai\n  server:\n    url: http://127.0.0.1:8000\n    model: whisper-1\n",
            environment: ["CCRD_TRANSCRIPTION_SERVER_API_KEY": "s3cret"])
        #expect(server.transcription.server == TranscriptionServer(url: "http://127.0.0.1:8000", model: "whisper-1", apiKey: "s3cret"))
        #expect(try load("", environment: ["CCRD_TRANSCRIPTION_ENABLED": "false"]).transcription.enabled == false)
        for (yaml, key) in [
            ("transcription:\n  language: klingon\n", "transcription.language"),
            ("transcription:\n  detect: \"\"\n", "transcription.detect"),
            ("transcription:\n  workers: 0\n", "transcription.workers"),
            ("transcription:\n  engine: openai\n", "transcription.server.url"),
            ("transcription:\n  server:\n    url: ftp://x\n", "transcription.server.url"),
            ("transcription:\n  maxUtterance: 40s\n", "transcription.maxUtterance"),
            ("transcription:\n  agents:\n    - id: a1\n      language: auto\n", "language"),
        ] {
            #expect {
                try load(yaml)
            } throws: { error in
                "\(error)".contains(key)
            }
        }
    }
}

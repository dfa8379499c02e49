import CCRMedia
import Logging

/// What SIGHUP changes in a running daemon: the TLS pair, alert rules and scorecard, the phrase
/// book (for calls opened after it), RTP and call limits, connection caps. Everything else needs
/// a restart, and the reload says which keys those are.
public final class ConfigurationReload: Sendable {
    let switchboard: Switchboard
    let connections: ConnectionCount
    let liveClients: LiveClientCount
    let startRate: CallStartRate
    let certificate: ServerCertificate?
    let phrases: PhraseListener?
    let transcription: TranscriptionService?
    /// The configuration the daemon started with: keys that need a restart are compared with
    /// it, so every reload says again that a restart is pending.
    private let running: Configuration

    init(
        configuration: Configuration, switchboard: Switchboard, connections: ConnectionCount, liveClients: LiveClientCount,
        startRate: CallStartRate, certificate: ServerCertificate?, phrases: PhraseListener? = nil,
        transcription: TranscriptionService? = nil
    ) {
        self.phrases = phrases
        self.transcription = transcription
        self.running = configuration
        self.switchboard = switchboard
        self.connections = connections
        self.liveClients = liveClients
        self.startRate = startRate
        self.certificate = certificate
    }

    /// What a reload did.
    public struct Outcome: Sendable, Equatable {
        /// Keys that differ from the running configuration but take effect only after a restart.
        public var needRestart: [String] = []
        /// Whether the TLS files were read again.
        public var reloadedCertificate = false
    }

    /// Applies `new` (already validated). Throws only when the TLS files cannot be read, and then
    /// changes nothing.
    public func apply(_ new: Configuration) throws(ServerCertificate.LoadError) -> Outcome {
        var outcome = Outcome()
        let old = running
        if let certificate {
            if new.http.tls?.certificate != certificate.certificatePath || new.http.tls?.key != certificate.keyPath {
                outcome.needRestart.append("http.tls")
            } else {
                try certificate.reload()
                outcome.reloadedCertificate = true
            }
        } else if new.http.tls != nil {
            outcome.needRestart.append("http.tls")
        }
        outcome.needRestart += switchboard.reload(new.ingest)
        phrases?.reload(settings: new.phrases, analysis: new.ingest.analysis)
        transcription?.setPrompts(new.phrases.prompts)
        if phrases == nil && new.phrases.enabled != old.phrases.enabled { outcome.needRestart.append("phrases.enabled") }
        connections.setCap(new.http.maxConnections)
        liveClients.setLimits(maxTotal: new.live.maxClients, maxPerToken: new.live.maxClientsPerToken)
        startRate.setRate(new.ingest.startsPerSecond)
        let restartOnly: [(String, Bool)] = [
            ("http.host", new.http.host != old.http.host),
            ("http.port", new.http.port != old.http.port),
            ("http.idleTimeout", new.http.idleTimeout != old.http.idleTimeout),
            ("http.requestTimeout", new.http.requestTimeout != old.http.requestTimeout),
            ("http.maxHeaderBytes", new.http.maxHeaderBytes != old.http.maxHeaderBytes),
            ("storage", new.storage.path != old.storage.path || new.storage.checkpointInterval != old.storage.checkpointInterval),
            ("retention", new.retention != old.retention),
            ("auth", new.auth.failureLimit != old.auth.failureLimit || new.auth.failureWindow != old.auth.failureWindow),
            ("live.buffer", new.live.bufferEvents != old.live.bufferEvents || new.live.bufferSeconds != old.live.bufferSeconds),
            ("live.clientQueue", new.live.clientQueue != old.live.clientQueue),
            ("live.pingInterval", new.live.pingInterval != old.live.pingInterval),
            ("log.level", new.logLevel != old.logLevel),
            ("transcription", new.transcription != old.transcription),
        ]
        outcome.needRestart += restartOnly.filter(\.1).map(\.0)
        return outcome
    }
}

import CCRCore
import CCRMedia
import Logging
import NIOPosix
import Testing

@testable import CCRServer

/// What SIGHUP changes while running, and what it says needs a restart.
@Suite("Configuration reload")
struct ConfigurationReloadTests {
    @Test func rulesLimitsAndCapsChangeAndTheRestIsNamed() throws {
        var old = Configuration()
        old.ingest.portRange = 41_000...41_099
        let switchboard = Switchboard(settings: old.ingest, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
        let connections = ConnectionCount(cap: old.http.maxConnections)
        let live = LiveClientCount(maxTotal: 10, maxPerToken: 2)
        let reload = ConfigurationReload(
            configuration: old, switchboard: switchboard, connections: connections, liveClients: live,
            startRate: CallStartRate(perSecond: 50), certificate: nil)

        var new = old
        new.ingest.analysis.alertRules = Array(old.ingest.analysis.alertRules.prefix(1))
        new.ingest.maxCalls = 7
        new.ingest.resyncThreshold = .seconds(3)
        new.http.maxConnections = 5
        new.http.port = 9999
        new.ingest.portRange = 42_000...42_099
        new.logLevel = .debug
        let outcome = try reload.apply(new)

        #expect(switchboard.settings.analysis.alertRules.count == 1)
        #expect(switchboard.settings.maxCalls == 7)
        #expect(switchboard.settings.resyncThreshold == .seconds(3))
        #expect(switchboard.settings.portRange == 41_000...41_099)
        #expect(connections.limit == 5)
        #expect(Set(outcome.needRestart) == ["http.port", "ingest.rtp.portRange", "log.level"])
        #expect(!outcome.reloadedCertificate)
        // Until the restart, every reload says so again; back to the running values, nothing is pending.
        #expect(Set(try reload.apply(new).needRestart) == ["http.port", "ingest.rtp.portRange", "log.level"])
        #expect(try reload.apply(old).needRestart.isEmpty)
    }
}

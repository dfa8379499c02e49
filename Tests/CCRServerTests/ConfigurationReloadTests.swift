import CCRCore
import CCRMedia
import Foundation
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

    /// A new phrase book applies to calls opened after the reload; a call under way keeps its own.
    @Test func thePhraseBookChangesForCallsOpenedAfter() throws {
        let old = Configuration()
        let switchboard = Switchboard(settings: old.ingest, group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "test"))
        let phrases = PhraseListener(settings: old.phrases, analysis: old.ingest.analysis, logger: Logger(label: "test"))
        let reload = ConfigurationReload(
            configuration: old, switchboard: switchboard, connections: ConnectionCount(cap: 10),
            liveClients: LiveClientCount(maxTotal: 10, maxPerToken: 2), startRate: CallStartRate(perSecond: 50), certificate: nil,
            phrases: phrases)
        let collected = Collected()
        let stream = CallEventStream(subscribers: [phrases, collected])
        phrases.connect(to: stream)
        func open(_ id: String) { stream.publish(.callStarted(CallInfo(callId: id, agentId: "a1", team: "blue", legs: [.agent, .customer]), at: 0)) }
        func say(_ id: String, _ text: String) {
            stream.publish(
                .transcriptSegment(
                    TranscriptSegment(callId: id, agentId: "a1", team: "blue", leg: .customer, start: 1, end: 3, text: text, language: "en", confidence: 0.9)))
        }
        open("before")
        var new = old
        new.phrases.book.languages = [PhraseBook.Language(code: "en", irritants: [Phrase(id: "refund-now", variants: ["give me my money back"])])]
        #expect(try reload.apply(new).needRestart.isEmpty)
        open("after")
        for id in ["before", "after"] {
            say(id, "This is unacceptable, give me my money back")
        }
        #expect(collected.phrases("before") == ["unacceptable"])
        #expect(collected.phrases("after") == ["refund-now"])
    }

    /// Collects the stream's phrase detections.
    final class Collected: CallEventSubscriber, @unchecked Sendable {
        private let lock = NSLock()
        private var detections: [PhraseDetection] = []
        func receive(_ event: CallEvent) {
            guard case .phraseDetected(let detection) = event else { return }
            lock.withLock { detections.append(detection) }
        }
        func phrases(_ callId: String) -> [String] { lock.withLock { detections.filter { $0.callId == callId }.map(\.phrase) } }
        var holderName: String { "collected" }
        func forget(_ subject: Subject) -> Int { 0 }
        func holdsData(about subject: Subject) -> Bool { false }
    }
}

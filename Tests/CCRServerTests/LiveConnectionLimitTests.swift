import CCRStore
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import NIOWebSocket
import Testing
import WSClient

@testable import CCRServer

/// One token cannot hold every live connection; the total is bounded too.
///
/// Known stall, seen only under heavy CPU load (three busy loops beside it, about one run in
/// fifteen): the test's WebSocket client (HummingbirdWSTesting) hangs. ccrd logs a connection
/// whose request head never came (closed by the first-request deadline after 15 s), and the
/// client's sockets sit in CLOSE-WAIT: ccrd closed them and the client never noticed. The
/// cause is not found yet. Swift Testing's time limit does not end such a wait, so there is none.
@Suite("Live connection limits")
struct LiveConnectionLimitTests {
    @Test func aTokenOverItsLimitIsClosedWith1013AndOthersStillConnect() async throws {
        var settings = LiveSettings()
        settings.maxClientsPerToken = 1
        settings.maxClients = 2
        let server = try TestServer(live: settings)
        let first = try server.token(.supervisor, teams: ["blue"])
        let second = try server.token(.supervisor, teams: ["blue"])
        let third = try server.token(.supervisor, teams: ["blue"])
        try await server.app.test(.live) { client in
            try await client.ws("/v1/live", configuration: LiveSocketTests.configuration(token: first)) { inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
                guard case .text? = try await messages.next() else { Issue.record("no snapshot"); return }
                #expect(server.hub.connections.current == 1)
                // The same token again: refused right after the upgrade.
                let refused = try await client.ws("/v1/live", configuration: LiveSocketTests.configuration(token: first)) { inbound, _, _ in
                    for try await _ in inbound.messages(maxSize: 1 << 22) {}
                }
                #expect(refused?.closeCode == .unknown(1013))
                // Another token gets in, up to the total.
                try await client.ws("/v1/live", configuration: LiveSocketTests.configuration(token: second)) { inbound, _, _ in
                    var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
                    guard case .text? = try await messages.next() else { Issue.record("no snapshot"); return }
                    let overTotal = try await client.ws("/v1/live", configuration: LiveSocketTests.configuration(token: third)) {
                        inbound, _, _ in
                        for try await _ in inbound.messages(maxSize: 1 << 22) {}
                    }
                    #expect(overTotal?.closeCode == .unknown(1013))
                }
            }
        }
        // Every slot is given back when its connection ends.
        let deadline = ContinuousClock.now + .seconds(5)
        while server.hub.connections.current != 0, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(server.hub.connections.current == 0)
    }
}

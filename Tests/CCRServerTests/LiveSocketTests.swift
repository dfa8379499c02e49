import CCRCore
import CCRStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import HummingbirdWSTesting
import Logging
import NIOConcurrencyHelpers
import NIOWebSocket
import Testing
import WSClient

@testable import CCRServer

/// The live channel through a real server socket and a real WebSocket client, with events
/// published straight into the hub (the daemon integration tests stream real calls).
@Suite("Live WebSocket")
struct LiveSocketTests {
    static func configuration(token: String?) -> WebSocketClientConfiguration {
        WebSocketClientConfiguration(
            maxFrameSize: 1 << 22, additionalHeaders: token.map { [.authorization: "Bearer \($0)"] } ?? [:])
    }

    @Test func refusesBadTokensBeforeTheUpgrade() async throws {
        let server = try TestServer()
        let gateway = try server.token(.gateway)
        try await server.app.test(.live) { client in
            for token in [nil, "ccrd_x_y", gateway] {
                await #expect(throws: (any Error).self) {
                    try await client.ws("/v1/live", configuration: Self.configuration(token: token)) { _, _, _ in
                        Issue.record("upgraded with token \(token ?? "none")")
                    }
                }
            }
        }
    }

    @Test func queryTokenAndFiltersWork() async throws {
        let server = try TestServer()
        let blue = try server.token(.supervisor, teams: ["blue", "red"])
        let received = NIOLockedValueBox<[String]>([])
        try await server.app.test(.live) { client in
            try await client.ws("/v1/live?access_token=\(blue)&teams=blue&kinds=alerts&minSeverity=warning",
                                configuration: Self.configuration(token: nil)) { inbound, outbound, _ in
                var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
                guard case .text(let snapshot)? = try await messages.next() else { return }
                #expect(LiveEvents.json(snapshot)["type"] as? String == "snapshot")
                server.hub.publish(LiveEvents.started("b", team: "blue"))  // kind filtered out
                server.hub.publish(LiveEvents.started("r", team: "red"))
                server.hub.publish(LiveEvents.alert("r", 1, severity: .critical))  // team filtered out
                server.hub.publish(LiveEvents.alert("b", 1, severity: .info))  // too mild
                server.hub.publish(LiveEvents.alert("b", 2, severity: .critical))
                guard case .text(let text)? = try await messages.next() else { return }
                received.withLockedValue { $0.append(text) }
                try await outbound.write(.text(#"{"type":"subscribe","kinds":["calls"]}"#))
                guard case .text(let reply)? = try await messages.next() else { return }
                received.withLockedValue { $0.append(reply) }
                server.hub.publish(LiveEvents.started("b2", team: "blue"))
                guard case .text(let started)? = try await messages.next() else { return }
                received.withLockedValue { $0.append(started) }
            }
        }
        let messages = received.withLockedValue { $0 }.map(LiveEvents.json)
        #expect(messages.count == 3)
        #expect(messages.first?["seq"] as? NSNumber == 5)
        #expect(messages.dropFirst().first?["type"] as? String == "subscribed")
        #expect(messages.last?["callId"] as? String == "b2")
    }

    @Test func reconnectWithSinceGetsEveryMissedEventOnce() async throws {
        let server = try TestServer()
        let seen = NIOLockedValueBox<[Int]>([])
        try await server.app.test(.live) { client in
            try await client.ws("/v1/live", configuration: Self.configuration(token: server.adminToken)) { inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
                _ = try await messages.next()  // snapshot
                for n in 1...10 { server.hub.publish(LiveEvents.alert("c", n)) }
                while let message = try await messages.next(), case .text(let text) = message {
                    let seq = (LiveEvents.json(text)["seq"] as? NSNumber)?.intValue ?? -1
                    seen.withLockedValue { $0.append(seq) }
                    if seq == 4 { return }  // "disconnect" after seq 4
                }
            }
            // Events while the client is away.
            for n in 11...30 { server.hub.publish(LiveEvents.alert("c", n)) }
            let last = seen.withLockedValue { $0.last ?? 0 }
            try await client.ws("/v1/live?since=\(last)", configuration: Self.configuration(token: server.adminToken)) { inbound, _, _ in
                for try await message in inbound.messages(maxSize: 1 << 22) {
                    guard case .text(let text) = message else { continue }
                    let json = LiveEvents.json(text)
                    #expect(json["type"] as? String == "event")
                    let seq = (json["seq"] as? NSNumber)?.intValue ?? -1
                    seen.withLockedValue { $0.append(seq) }
                    if seq == 30 { return }
                }
            }
        }
        #expect(seen.withLockedValue { $0 } == Array(1...30))
    }

    @Test func slowClientGetsDroppedNoticeWhileFastClientGetsEverything() async throws {
        var live = LiveSettings()
        live.clientQueue = 256
        let server = try TestServer(live: live)
        let total = 20_000
        let publishing = NIOLockedValueBox(true)
        let fastSeqs = NIOLockedValueBox<[Int]>([])
        let slowEvents = NIOLockedValueBox<[Int]>([])
        let slowDropped = NIOLockedValueBox<[(count: Int, from: Int, to: Int)]>([])
        try await server.app.test(.live) { client in
            let url = "ws://127.0.0.1:\(client.port!)/v1/live"
            let configuration = Self.configuration(token: server.adminToken)
            try await withThrowingTaskGroup(of: Void.self) { group in
                let connected = AsyncStream<Void>.makeStream()
                group.addTask {
                    try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "test")) { inbound, _, _ in
                        var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
                        _ = try await messages.next()
                        connected.continuation.yield()
                        while let message = try await messages.next() {
                            guard case .text(let text) = message else { continue }
                            let seq = (LiveEvents.json(text)["seq"] as? NSNumber)?.intValue ?? -1
                            fastSeqs.withLockedValue { $0.append(seq) }
                            if seq == total { return }
                        }
                    }
                }
                group.addTask {
                    try await WebSocketClient.connect(url: url, configuration: configuration, logger: Logger(label: "test")) { inbound, _, _ in
                        var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
                        _ = try await messages.next()
                        connected.continuation.yield()
                        // Reads nothing while events are published: its socket and queue fill up.
                        while publishing.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(20)) }
                        while let message = try await messages.next() {
                            guard case .text(let text) = message else { continue }
                            let json = LiveEvents.json(text)
                            if json["type"] as? String == "dropped" {
                                let count = (json["count"] as? NSNumber)?.intValue ?? 0
                                let from = (json["fromSeq"] as? NSNumber)?.intValue ?? 0
                                let to = (json["toSeq"] as? NSNumber)?.intValue ?? 0
                                slowDropped.withLockedValue { $0.append((count, from, to)) }
                                continue
                            }
                            let seq = (json["seq"] as? NSNumber)?.intValue ?? -1
                            slowEvents.withLockedValue { $0.append(seq) }
                            if seq == total { return }
                        }
                    }
                }
                var iterator = connected.stream.makeAsyncIterator()
                _ = await iterator.next()
                _ = await iterator.next()
                // About 2 KB per event, 40 MB in all: more than socket buffers hold. Paced so
                // a reading client keeps up.
                server.hub.publish(LiveEvents.started("c", team: "t"))
                for n in 2...total {
                    server.hub.publish(LiveEvents.window("c", to: Double(n)))
                    if n % 50 == 0 { try await Task.sleep(for: .milliseconds(2)) }
                }
                publishing.withLockedValue { $0 = false }
                try await group.waitForAll()
            }
        }
        #expect(fastSeqs.withLockedValue { $0 } == Array(1...total))
        let drops = slowDropped.withLockedValue { $0 }
        let events = slowEvents.withLockedValue { $0 }
        #expect(!drops.isEmpty)
        // Every event is either received or announced as lost, and nothing arrives twice.
        #expect(drops.map(\.count).reduce(0, +) + events.count == total)
        #expect(Set(events).count == events.count)
        #expect(events == events.sorted())
        #expect(events.last == total)
        #expect(server.hub.statistics.droppedForClients == UInt64(drops.map(\.count).reduce(0, +)))
    }
}

/// A client that completes the upgrade and then never answers a ping is closed; so is one
/// whose token is revoked while it is connected.
@Suite("Live WebSocket liveness")
struct LiveLivenessTests {
    @Test func revokedTokenLosesItsOpenConnection() async throws {
        var live = LiveSettings()
        live.pingInterval = .seconds(1)
        let server = try TestServer(live: live)
        let created = try server.store.createToken(role: .supervisor, teams: ["blue"], label: nil, expiresIn: nil)
        let start = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
        try await server.app.test(.live) { client in
            let close = try await client.ws("/v1/live", configuration: LiveSocketTests.configuration(token: created.text)) {
                inbound, _, _ in
                var messages = inbound.messages(maxSize: 1 << 22).makeAsyncIterator()
                _ = try await messages.next()
                #expect(try server.store.revokeToken(id: created.token.id))
                start.withLockedValue { $0 = .now }
                while try await messages.next() != nil {}
            }
            #expect(close?.closeCode == .policyViolation)
        }
        let waited = ContinuousClock.now - (start.withLockedValue { $0 } ?? .now)
        #expect(waited < .seconds(3))
        #expect(server.hub.statistics.clients == 0)
    }

    @Test func silentClientIsClosedByPingPong() async throws {
        var live = LiveSettings()
        live.pingInterval = .seconds(1)
        let server = try TestServer(live: live)
        try await server.app.test(.live) { client in
            let port = try #require(client.port)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(fd) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            try #require(connected == 0)
            let request =
                "GET /v1/live HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Authorization: Bearer \(server.adminToken)\r\n\r\n"
            _ = request.withCString { send(fd, $0, strlen($0), 0) }
            var buffer = [UInt8](repeating: 0, count: 4096)
            let count = recv(fd, &buffer, buffer.count, 0)
            let head = String(decoding: buffer.prefix(max(0, count)), as: UTF8.self)
            #expect(head.hasPrefix("HTTP/1.1 101"), "\(head)")
            for _ in 0..<50 where server.hub.statistics.clients == 0 {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.hub.statistics.clients == 1)
            // Registered, then silent: no pong to the pings.
            var waited = 0
            while server.hub.statistics.clients == 1, waited < 100 {
                try await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            #expect(server.hub.statistics.clients == 0, "the silent client was not closed")
            #expect(waited >= 10)  // not before a ping went unanswered
        }
    }
}

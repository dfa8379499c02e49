import Foundation
import TestSupport
import Testing

/// A daemon carrying a normal call while a burst of hostile input hits it: garbage and forged
/// datagrams at the call's ports, a call whose timestamps leap 15 s per packet, slow and silent
/// HTTP clients, oversized and malformed requests, numbers out of range. The daemon stays up
/// and answers, the normal call's figures are those of its stream, and nothing else is lost.
@Suite("Hostile burst")
struct HostileBurstTests {
    /// Slow-loris, silent, oversized, malformed and CL+TE clients, with a real socket each
    /// (python3); prints one JSON line: how each was answered and whether it was closed.
    static let slowClients = #"""
import socket, json, sys, time
port = int(sys.argv[1])
def connect():
    s = socket.create_connection(("127.0.0.1", port)); s.settimeout(30); return s
def answer(s):
    data = b""
    try:
        while True:
            chunk = s.recv(65536)
            if not chunk: return data, True
            data += chunk
    except socket.timeout:
        return data, False
    except ConnectionResetError:
        return data, True
def status(data):
    parts = data.split(b" ", 2)
    return int(parts[1]) if len(parts) > 1 and parts[0].startswith(b"HTTP/1.") else None
results = {}
slow = [connect() for _ in range(40)]
for s in slow: s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
silent = [connect() for _ in range(40)]
cases = {
    "oversized": b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200000 + b"\r\n\r\n",
    "garbage": b"\x00\x01\x02 nonsense\r\n\r\n",
    "clte": b"POST /v1/calls HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
}
for name, payload in cases.items():
    s = connect(); s.sendall(payload); data, closed = answer(s); results[name] = [status(data), closed]
statuses = [status(answer(s)[0]) for s in slow]
results["slow"] = [statuses.count(408), len(slow)]
closed = [answer(s)[1] for s in silent]
results["silent"] = [closed.count(True), len(silent)]
print(json.dumps(results))
"""#

    @Test func theDaemonAndTheNormalCallSurviveAHostileBurst() async throws {
        let daemon = try Daemon(environment: ["CCRD_HTTP_REQUEST_TIMEOUT": "2s"])
        try await daemon.waitUntilReady()
        let normal = try await daemon.startCall([
            "callId": "normal", "agentId": "agent-n", "team": "blue", "source": "127.0.0.1",
            "legs": ["agent": ["codec": "pcmu"], "customer": ["codec": "pcmu"]],
        ])
        // Its id cannot be taken over by another start.
        let (conflict, _) = try await daemon.request(
            "POST", "/v1/calls", json: ["callId": "normal", "agentId": "mallory", "team": "red", "legs": ["agent": ["codec": "pcmu"]]])
        #expect(conflict == 409)
        let agentPort = normal.int("legs.agent.port")
        let customerPort = normal.int("legs.customer.port")
        let leaper = try await daemon.startCall(["callId": "leaper", "agentId": "agent-l", "legs": ["agent": ["codec": "pcmu"]]])
        let leaperPort = leaper.int("legs.agent.port")

        // The normal call: 6 s of 20 ms PCMU packets on each leg, in real time.
        async let agentStream = Command.run("ffmpeg", Command.ffmpegPCMU(seconds: 6, port: agentPort, packetSamples: 160))
        async let customerStream = Command.run("ffmpeg", Command.ffmpegPCMU(seconds: 6, port: customerPort, packetSamples: 160))
        try await Task.sleep(for: .milliseconds(500))

        // Garbage and forged RTP at the normal call's ports, from another host.
        let intruder = try UDPSocket(host: "127.0.0.2")
        // The garbage is seeded: a failure names the seed that replays it (CCRD_TEST_SEED).
        var generator = SeededGenerator.forTest()
        print("hostile burst: CCRD_TEST_SEED=\(generator.seed)")
        var sentGarbage = 0
        for n in 0..<300 {
            let forged: [UInt8] = [0x80, 0x00, UInt8(n >> 8), UInt8(n & 0xFF), 0, 0, 0, UInt8(n & 0xFF), 0xBA, 0xD0, 0xBA, 0xD0]
                + [UInt8](repeating: 0x7F, count: 160)
            let garbage = (0..<(n % 90)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            for port in [agentPort, customerPort, agentPort + 1] {
                intruder.send(n % 2 == 0 ? forged : garbage, to: port)
                sentGarbage += 1
            }
        }
        // A sender whose timestamps leap 15 s per packet (the RTP amplification).
        let leapStart = ContinuousClock.now
        let sender = try UDPSocket()
        for n in 0..<400 {
            let timestamp = UInt32(truncatingIfNeeded: n * 15 * 8000)
            let packet: [UInt8] = [0x80, 0x00, UInt8(n >> 8), UInt8(n & 0xFF)]
                + withUnsafeBytes(of: timestamp.bigEndian, Array.init) + [0, 0, 0, 0x42]
                + [UInt8](repeating: 0xFF, count: 160)
            sender.send(packet, to: leaperPort)
            if n % 50 == 49 { try await Task.sleep(for: .milliseconds(20)) }
        }
        // Bad numbers through the API, and a few reads, while all this goes on.
        for path in ["/v1/calls?from=1e300", "/v1/calls?from=nan", "/v1/agents/a/summary?to=inf", "/v1/export?from=-1e20"] {
            let (status, body) = try await daemon.request("GET", path)
            #expect(status == 400, "\(path): \(status) \(body)")
        }
        // Slow, silent, oversized and malformed HTTP clients.
        let slow = try await Command.output("/usr/bin/env", ["python3", "-c", Self.slowClients, "\(daemon.httpPort)"])
        let results = try #require(try JSONSerialization.jsonObject(with: Data(slow.utf8)) as? [String: [Any]])
        #expect(results["oversized"]?.first as? Int == 431)
        #expect(results["garbage"]?.first as? Int == 400)
        #expect(results["clte"]?.first as? Int == 400)
        for name in ["oversized", "garbage", "clte"] { #expect(results[name]?.last as? Bool == true, "\(name) left open") }
        #expect(results["slow"]?.first as? Int == 40)
        #expect(results["silent"]?.first as? Int == 40)

        _ = try await agentStream
        _ = try await customerStream
        try await Task.sleep(for: .milliseconds(400))

        // Still up and answering.
        let (health, _) = try await daemon.request("GET", "/healthz")
        #expect(health == 200)
        // The leaping call made no more media than the time that passed (plus the threshold).
        let leaped = try await daemon.call("leaper")
        let elapsed = Double((ContinuousClock.now - leapStart).components.seconds) + 1
        #expect(leaped.double("legs.agent.decodedSeconds") + leaped.double("legs.agent.quietFillSeconds") <= elapsed + 1.5)
        // Each leap is resynchronized, or dropped for running ahead of the clock.
        #expect(leaped.int("legs.agent.timestampJumps") + leaped.int("legs.agent.aheadOfTime") >= 390)
        // The normal call's figures are those of its own stream.
        let call = try await daemon.call("normal")
        for leg in ["agent", "customer"] {
            #expect(call.int("legs.\(leg).packets") == 300, "\(leg) packets")
            #expect(call.int("legs.\(leg).lost") == 0, "\(leg) lost")
            #expect(call.int("legs.\(leg).malformed") == 0, "\(leg) malformed")
            #expect(call.int("legs.\(leg).timestampJumps") == 0, "\(leg) jumps")
            #expect(abs(call.double("legs.\(leg).decodedSeconds") - 6.0) <= 0.1, "\(leg) decoded")
        }
        #expect(call.int("legs.agent.foreignSource") + call.int("legs.customer.foreignSource") >= 400)
        #expect(call.string("state") == "live")
        #expect(await daemon.stop() == 0)
    }
}

/// The finding: one stray packet latched a leg to its sender, and the real gateway's packets
/// were then dropped as foreign. Real datagrams, a real ffmpeg sender.
@Suite("Source learning end to end")
struct SourceLearningTests {
    @Test func aStrayPacketBeforeTheGatewayDoesNotTakeTheLeg() async throws {
        let daemon = try Daemon()
        try await daemon.waitUntilReady()
        let call = try await daemon.startCall(["callId": "learned", "agentId": "a1", "legs": ["agent": ["codec": "pcmu"]]])
        let port = call.int("legs.agent.port")
        let intruder = try UDPSocket(host: "127.0.0.2")
        intruder.send([0x80, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0xBA, 0xD0, 0xBA, 0xD0] + [UInt8](repeating: 0x7F, count: 160), to: port)
        try await Command.run("ffmpeg", Command.ffmpegPCMU(seconds: 1, port: port, packetSamples: 160))
        #expect(try await eventually { try await daemon.call("learned").int("legs.agent.packets") == 50 })
        let state = try await daemon.call("learned")
        #expect(state.int("legs.agent.packets") == 50)
        #expect(state.string("legs.agent.source")?.hasPrefix("127.0.0.1:") == true)
        #expect(state.int("legs.agent.foreignSource") == 1)
        #expect(abs(state.double("legs.agent.decodedSeconds") - 1.0) <= 0.1)
        #expect(await daemon.stop() == 0)
    }
}

/// The command line takes numbers from people: out of range is exit 64 naming the option, and
/// what it creates is private.
@Suite("Command line against bad numbers")
struct CommandLineHostileTests {
    @Test func badNumbersAreRefusedAndExportsArePrivate() async throws {
        let daemon = try Daemon()
        for arguments in [
            ["export", "--from", "1e300"], ["export", "--to", "nan"], ["export", "--from", "-1e20"],
            ["token", "create", "--role", "admin", "--expires", "100000000000d"],
            ["token", "create", "--role", "admin", "--expires", "3651d"],
        ] {
            guard case .cliFailed(_, let status, let errors)? = Self.failure(daemon, arguments) else {
                Issue.record("\(arguments) did not fail")
                continue
            }
            #expect(status == 64, "\(arguments): \(status) \(errors)")
            #expect(errors.contains(arguments[arguments.count - 2]), "\(arguments): the option is named: \(errors)")
        }
        // A token with the longest lifetime still lists.
        _ = try daemon.createToken(role: "admin", expires: "3650d")
        #expect(try daemon.runCLI(["token", "list", "--config", daemon.configPath]).contains("admin"))
        // Exports are created 0600.
        let file = daemon.directory.appendingPathComponent("export.ndjson").path
        try daemon.runCLI(["export", "--config", daemon.configPath, "-o", file])
        let mode = try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        await daemon.stop()
    }

    static func failure(_ daemon: Daemon, _ arguments: [String]) -> Daemon.DaemonError? {
        do {
            try daemon.runCLI(arguments + ["--config", daemon.configPath])
            return nil
        } catch let error as Daemon.DaemonError {
            return error
        } catch {
            return nil
        }
    }
}

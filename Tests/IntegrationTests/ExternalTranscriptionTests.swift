import CCRCore
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The external engine: ccrd sends each utterance to a real OpenAI-compatible transcription
/// server on loopback (faster-whisper-server 0.0.3 serving the same Whisper base model in its
/// CTranslate2 form, installed pinned by `make test`), with the same events, budget and storage as
/// the embedded engine; and a server that is down is a counted, logged gap, never a stuck call.
@Suite("External transcription engine", .serialized)
struct ExternalTranscriptionTests {
    static let script: [SpeechCorpus.Line] = [
        .init(leg: .agent, text: "Good morning, thank you for calling customer service, my name is Paul.", after: 0.4),
        .init(leg: .customer, text: "Hello, I would like to change the address on my contract, please.", after: 0.6, voice: "en-us+f3"),
    ]

    /// A running faster-whisper-server, stopped with the value.
    final class Server: @unchecked Sendable {
        let process = Process()
        let port: Int
        let log: URL

        init() throws {
            let root = Daemon.packageRoot.appendingPathComponent(".build-asr")
            port = try UDPSocket.freeTCPPort()
            log = FileManager.default.temporaryDirectory.appendingPathComponent("fws-\(UUID().uuidString.prefix(8)).log")
            FileManager.default.createFile(atPath: log.path, contents: nil)
            process.executableURL = root.appendingPathComponent("openai-server/bin/faster-whisper-server")
            process.arguments = [root.appendingPathComponent("ct2-base").path, "--host", "127.0.0.1", "--port", "\(port)"]
            var environment = ProcessInfo.processInfo.environment
            environment["HF_HUB_OFFLINE"] = "1"
            environment["OMP_NUM_THREADS"] = "1"
            process.environment = environment
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        var url: String { "http://127.0.0.1:\(port)" }

        /// Up, and its model loaded (it loads on the first request).
        func waitUntilReady() async throws {
            #expect(try await eventually(within: .seconds(30)) {
                (try? await HTTP.request("GET", "\(url)/health").0) == 200
            }, "\(String(decoding: (try? Data(contentsOf: log)) ?? Data(), as: UTF8.self))")
            // One second of silence: the server loads its model on its first request.
            let silence = FileManager.default.temporaryDirectory.appendingPathComponent("fws-warmup-\(port).wav")
            try SpeechCorpus.writeMono([Float](repeating: 0, count: 16_000), to: silence)
            defer { try? FileManager.default.removeItem(at: silence) }
            let wav = try Data(contentsOf: silence)
            let boundary = "warmup"
            var body = Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"w.wav\"\r\n\r\n".utf8)
            body.append(wav)
            body.append(Data("\r\n--\(boundary)--\r\n".utf8))
            var request = URLRequest(url: URL(string: "\(url)/v1/audio/transcriptions")!)
            request.httpMethod = "POST"
            request.timeoutInterval = 60
            request.setValue("multipart/form-data; boundary=\(boundary)", forHTTPHeaderField: "Content-Type")
            request.httpBody = body
            _ = try await URLSession.shared.data(for: request)
        }

        /// SIGTERM, then SIGKILL: uvicorn waits on its model's threads after a SIGTERM.
        func stop() {
            if process.isRunning {
                process.terminate()
                for _ in 0..<30 where process.isRunning { usleep(100_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
                process.waitUntilExit()
            }
            try? FileManager.default.removeItem(at: log)
        }
    }

    /// Both legs of `file` over G.711 to the ports of a call `POST /v1/calls` set up.
    static func stream(_ file: URL, to call: [String: Any]) -> [String] {
        Command.ffmpegTwoLegs(
            file, agent: (call.int("legs.agent.port"), Command.pcmuArguments), customer: (call.int("legs.customer.port"), Command.pcmuArguments))
    }

    @Test func utterancesAreTranscribedByTheServerAndStored() async throws {
        let server = try Server()
        defer { server.stop() }
        try await server.waitUntilReady()
        let conversation = try await SpeechCorpus.render(Self.script, tail: 1.5)
        let file = SpeechCorpus.directory.appendingPathComponent("external-transcription.wav")
        try SpeechCorpus.writeStereo(conversation, to: file)

        let daemon = try Daemon(environment: [
            "CCRD_TRANSCRIPTION_ENGINE": "openai", "CCRD_TRANSCRIPTION_SERVER_URL": server.url,
            "CCRD_TRANSCRIPTION_SERVER_MODEL": "whisper-1", "CCRD_TRANSCRIPTION_LANGUAGE": "en",
        ])
        try await daemon.waitUntilReady()
        let (_, ready) = try await daemon.request("GET", "/readyz")
        #expect(ready.string("transcription.engine") == "openai (\(server.url)/v1/audio/transcriptions)", "\(ready)")
        let live = LiveClient(port: daemon.httpPort, token: daemon.adminToken, query: "kinds=transcripts")
        defer { Task { await live.close() } }
        let call = try await daemon.startCall([
            "callId": "remote", "agentId": "a2", "legs": ["agent": ["codec": "pcmu"], "customer": ["codec": "pcmu"]],
        ])
        let sent = try await Command.run("ffmpeg", Self.stream(file, to: call))
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try await eventually { try await daemon.call("remote").string("state") == "ended" })
        func segments() -> [[String: Any]] {
            live.received.filter { $0.string("event.type") == "transcript.segment" }.compactMap { $0[path: "event.segment"] as? [String: Any] }
        }
        #expect(await live.wait(timeout: .seconds(60)) { _ in Set(segments().compactMap { $0.string("leg") }).count == 2 })
        let agent = segments().filter { $0.string("leg") == "agent" }.compactMap { $0.string("text") }.joined(separator: " ").lowercased()
        let customer = segments().filter { $0.string("leg") == "customer" }.compactMap { $0.string("text") }.joined(separator: " ").lowercased()
        print("external transcript: agent \"\(agent)\"; customer \"\(customer)\"")
        #expect(agent.contains("thank you for calling") && agent.contains("paul"))
        #expect(customer.contains("address") && customer.contains("contract"))
        for segment in segments() {
            #expect(segment.string("language") == "en" && segment.double("start") >= 0 && segment.double("end") > segment.double("start"))
        }
        #expect(try await eventually(within: .seconds(15)) {
            ((try await daemon.storedCall("remote"))["transcript"] as? [[String: Any]])?.count == segments().count
        })
        #expect(try await daemon.storedCall("remote").double("transcription.coverage") == 1)

        // The server goes away: the next call's utterances are counted as failed, and logged.
        server.stop()
        let second = try await daemon.startCall([
            "callId": "remote-down", "agentId": "a2", "legs": ["agent": ["codec": "pcmu"], "customer": ["codec": "pcmu"]],
        ])
        let again = try await Command.run("ffmpeg", Self.stream(file, to: second))
        #expect(again.status == 0)
        #expect(try await eventually(within: .seconds(20)) {
            (try await daemon.storedCall("remote-down"))[path: "transcription.coverage"].map { ($0 as? NSNumber)?.doubleValue == 0 } ?? false
        })
        let log = String(decoding: try Data(contentsOf: daemon.logURL), as: UTF8.self)
        #expect(log.contains("an utterance could not be transcribed") && log.contains("cannot be reached"))
        #expect(await daemon.stop() == 0)
    }
}

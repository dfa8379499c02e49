import Foundation
import Testing

/// A real daemon killed with SIGKILL while calls stream and while a burst of calls is being
/// finalized, then restarted on the same database.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    @Test func killNineLosesNoPublishedCallAndClosesLiveOnesAsInterrupted() async throws {
        let environment = ["CCRD_STORAGE_CHECKPOINT_INTERVAL": "1s", "CCRD_INGEST_RTP_IDLE_TIMEOUT": "120s"]
        let first = try Daemon(environment: environment)
        try await first.waitUntilReady()
        let watcher = LiveClient(port: first.httpPort, token: first.adminToken)
        #expect(await watcher.wait { $0.first?["type"] as? String == "snapshot" })

        // Four calls stream speech-like tones on both legs for a minute.
        var senders: [Task<(status: Int32, stderr: String), any Error>] = []
        for index in 1...4 {
            let call = try await first.startCall([
                "callId": "stream-\(index)", "agentId": "agent-\(index)", "team": "blue", "caller": "+4930555000\(index)",
                "legs": ["agent": ["codec": "opus"], "customer": ["codec": "opus"]],
            ])
            for (leg, syllables) in [("agent", true), ("customer", false)] {
                let port = call.int("legs.\(leg).port")
                senders.append(Task { try await Command.run("ffmpeg", Command.ffmpegOpus(seconds: 60, port: port, syllables: syllables)) })
            }
        }
        defer { for sender in senders { sender.cancel() } }
        // Forty calls without media, to be ended all at once.
        for index in 1...40 {
            _ = try await first.startCall(["callId": "burst-\(index)", "agentId": "agent-b", "legs": ["agent": ["codec": "pcmu"]]])
        }
        // Each streaming call has scored windows, and a checkpoint has written them.
        #expect(await watcher.wait(timeout: .seconds(30)) { messages in
            (1...4).allSatisfy { index in messages.contains { $0.eventType == "window.scored" && $0.callId == "stream-\(index)" } }
        })
        #expect(try await eventually {
            for index in 3...4 {
                let timeline = try await first.storedCall("stream-\(index)")["timeline"] as? [Any] ?? []
                if timeline.isEmpty { return false }
            }
            return true
        })

        // Two streaming calls end normally; their call.ended arrives.
        for index in 1...2 {
            #expect(try await first.request("POST", "/v1/calls/stream-\(index)/end").0 == 200)
        }
        #expect(await watcher.wait { messages in
            (1...2).allSatisfy { index in messages.contains { $0.eventType == "call.ended" && $0.callId == "stream-\(index)" } }
        })

        // The burst: forty ends at once; SIGKILL as soon as the first one has answered.
        let first200 = AsyncStream<Void>.makeStream()
        let burst = Task {
            await withTaskGroup(of: Void.self) { group in
                for index in 1...40 {
                    group.addTask {
                        if let (status, _) = try? await first.request("POST", "/v1/calls/burst-\(index)/end"), status == 200 {
                            first200.continuation.yield()
                        }
                    }
                }
            }
        }
        var iterator = first200.stream.makeAsyncIterator()
        _ = await iterator.next()
        first.crash()
        _ = await burst.value
        let published = Set(watcher.events.filter { $0.eventType == "call.ended" }.compactMap(\.callId))
        await watcher.close()
        #expect(published.isSuperset(of: ["stream-1", "stream-2"]))

        // The file is consistent.
        let integrity = try await Command.output("/usr/bin/env", ["sqlite3", first.databasePath, "PRAGMA integrity_check"])
        #expect(integrity.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")

        // Restart on the same database.
        let second = try Daemon(environment: environment, directory: first.directory)
        try await second.waitUntilReady()
        #expect(second.log.contains("closed as interrupted"))

        // Every call whose call.ended was published is stored as it ended.
        for id in published {
            let stored = try await second.storedCall(id)
            #expect(stored.string("call.state") == "ended", "\(id)")
            #expect(stored.string("call.endReason") == "api", "\(id): published, so it must have been committed")
        }
        // The calls live at the kill are closed as interrupted, keeping their checkpointed timeline.
        for index in 3...4 {
            let stored = try await second.storedCall("stream-\(index)")
            #expect(stored.string("call.endReason") == "interrupted")
            #expect(stored.string("call.callerNumber") == "+4930555000\(index)")
            #expect((stored["timeline"] as? [Any])?.isEmpty == false, "stream-\(index) lost its checkpointed windows")
            #expect(stored["live"] == nil)
        }
        for index in 1...2 {
            let stored = try await second.storedCall("stream-\(index)")
            #expect((stored["timeline"] as? [Any])?.isEmpty == false)
            #expect((stored["legs"] as? [Any])?.count == 2)
        }
        // Every burst call is there: ended by the API if committed, else interrupted.
        var interrupted = 0
        for index in 1...40 {
            let stored = try await second.storedCall("burst-\(index)")
            let reason = stored.string("call.endReason")
            #expect(reason == "api" || reason == "interrupted", "burst-\(index): \(reason ?? "nil")")
            if reason == "interrupted" { interrupted += 1 }
        }
        let (_, live) = try await second.request("GET", "/v1/calls?state=live")
        #expect((live["calls"] as? [Any])?.isEmpty == true)
        #expect(await second.stop() == 0)
        // A clean stop leaves nothing to recover.
        let third = try Daemon(environment: environment, directory: first.directory)
        try await third.waitUntilReady()
        #expect(!third.log.contains("closed as interrupted"))
        #expect(await third.stop() == 0)
        print("crash test: \(published.count) calls published before the kill, \(interrupted) burst calls interrupted")
    }

    @Test func sigtermFinalizesLiveCallsAsShutdown() async throws {
        let first = try Daemon(environment: ["CCRD_STORAGE_CHECKPOINT_INTERVAL": "60s"])
        try await first.waitUntilReady()
        for index in 1...5 {
            _ = try await first.startCall(["callId": "open-\(index)", "agentId": "agent-s", "legs": ["agent": ["codec": "pcmu"]]])
        }
        #expect(await first.stop() == 0)
        let second = try Daemon(directory: first.directory)
        try await second.waitUntilReady()
        for index in 1...5 {
            #expect(try await second.storedCall("open-\(index)").string("call.endReason") == "shutdown")
        }
        #expect(!second.log.contains("closed as interrupted"))
        #expect(await second.stop() == 0)
    }
}

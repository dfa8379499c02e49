import CCRCore
import Foundation
import NIOCore
import Testing

@testable import CCRServer

@Suite("Live hub")
struct LiveHubTests {
    func hub(queue: Int = 4096, buffer: Int = 100_000, seconds: Double = 3600) -> LiveHub {
        var settings = LiveSettings()
        settings.clientQueue = queue
        settings.bufferEvents = buffer
        settings.bufferSeconds = seconds
        return LiveHub(settings: settings, firstSeq: 0)
    }

    func seqs(_ messages: [String]) -> [Int] {
        messages.map(LiveEvents.json).filter { $0["type"] as? String == "event" }.compactMap { ($0["seq"] as? NSNumber)?.intValue }
    }

    @Test func numbersEveryEventAndWrapsTheAnalysisEvent() {
        let hub = hub()
        let client = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        hub.publish(LiveEvents.started("c1", team: "blue"))
        hub.publish(LiveEvents.alert("c1", 1))
        let messages = client.drainNow()
        #expect(messages.count == 3)
        let snapshot = LiveEvents.json(messages[0])
        #expect(snapshot["type"] as? String == "snapshot")
        #expect((snapshot["seq"] as? NSNumber)?.intValue == 0)
        let event = LiveEvents.json(messages[2])
        #expect(event["seq"] as? NSNumber == 2)
        #expect(event["callId"] as? String == "c1")
        #expect(event["agentId"] as? String == "agent-1")
        #expect(event["team"] as? String == "blue")
        #expect((event["serverTime"] as? String)?.hasSuffix("Z") == true)
        let inner = event["event"] as? [String: Any]
        #expect(inner?["type"] as? String == "alert.raised")
        #expect((inner?["alert"] as? [String: Any])?["rule"] as? String == "dead-air")
        #expect(seqs(messages) == [1, 2])
    }

    @Test func snapshotHasLiveCallsWithScoreTrendAndOpenAlerts() {
        let hub = hub()
        hub.publish(LiveEvents.started("c1", team: "blue"))
        hub.publish(LiveEvents.window("c1", to: 5))
        hub.publish(LiveEvents.window("c1", to: 10))
        hub.publish(LiveEvents.alert("c1", 1))
        hub.publish(LiveEvents.started("c2", team: "red"))
        hub.publish(LiveEvents.started("c3", team: "blue"))
        hub.publish(.alertCleared(Alert(id: "x", callId: "c3", rule: "r", metric: .deadAir, severity: .info, condition: "", value: 0, raisedAt: 0)))
        let client = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: LiveFilter(), since: nil)
        let snapshot = LiveEvents.json(client.initialTexts[0])
        #expect(snapshot["seq"] as? NSNumber == 7)
        let calls = snapshot["calls"] as? [[String: Any]] ?? []
        #expect(calls.map { $0["callId"] as? String } == ["c1", "c3"])  // red is not this supervisor's
        #expect((calls[0]["trend"] as? [Any])?.count == 2)
        #expect(calls[0]["score"] is NSNumber)
        #expect((calls[0]["openAlerts"] as? [Any])?.count == 1)
        #expect((calls[0]["window"] as? [String: Any])?["score"] != nil)
    }

    @Test func supervisorNeverSeesOtherTeamsWhateverItAsksFor() {
        let hub = hub()
        var asksForRed = LiveFilter()
        asksForRed.teams = ["red"]
        let blue = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: LiveFilter(), since: nil)
        let sneaky = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: asksForRed, since: nil)
        let admin = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        hub.publish(LiveEvents.started("b", team: "blue"))
        hub.publish(LiveEvents.started("r", team: "red"))
        hub.publish(LiveEvents.started("n", team: nil))
        hub.publish(LiveEvents.alert("r", 1))
        hub.publish(LiveEvents.alert("b", 1))
        hub.publish(LiveEvents.alert("n", 1))
        let blueCalls = blue.drainNow().map(LiveEvents.json).compactMap { $0["callId"] as? String }
        #expect(Set(blueCalls) == ["b"])
        #expect(sneaky.drainNow().count == 1)  // the snapshot only
        #expect(seqs(admin.drainNow()).count == 6)
        // Replay honours the scope too.
        let resumed = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: LiveFilter(), since: 0)
        #expect(seqs(resumed.initialTexts) == [1, 5])
    }

    @Test func transcriptSegmentsAfterTheCallEndedKeepTheirScopeKindAndReplay() {
        let hub = hub()
        func segment(_ call: String, team: String?) -> CallEvent {
            .transcriptSegment(
                TranscriptSegment(
                    callId: call, agentId: "agent-\(call)", team: team, leg: .customer, start: 1, end: 2.5, text: "je veux résilier",
                    language: "fr", confidence: 0.9))
        }
        var transcriptsOnly = LiveFilter()
        transcriptsOnly.kinds = [.transcripts]
        var alertsOnly = LiveFilter()
        alertsOnly.kinds = [.alerts]
        let blue = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: transcriptsOnly, since: nil)
        let notTranscripts = hub.subscribe(principal: LiveEvents.admin, filter: alertsOnly, since: nil)
        // Not a live call of the hub (its call.ended went out already): the segment names its team.
        hub.publish(segment("b", team: "blue"))
        hub.publish(segment("r", team: "red"))
        // Internal events never go out.
        hub.receive(.transcriptGap(TranscriptGap(callId: "b", leg: .agent, start: 0, end: 1, reason: .lag)))
        hub.receive(.utterance(Utterance(callId: "b", agentId: "agent-b", team: "blue", leg: .agent, number: 0, start: 0, samples: [0])))
        let received = blue.drainNow().map(LiveEvents.json).filter { $0["type"] as? String == "event" }
        #expect(received.count == 1)
        #expect(received.first?["agentId"] as? String == "agent-b" && received.first?["team"] as? String == "blue")
        let event = received.first?["event"] as? [String: Any]
        #expect(event?["type"] as? String == "transcript.segment")
        #expect((event?["segment"] as? [String: Any])?["text"] as? String == "je veux résilier")
        #expect(seqs(notTranscripts.drainNow()).isEmpty)
        let resumed = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: LiveFilter(), since: 0)
        #expect(seqs(resumed.initialTexts) == [1])
    }

    /// The store writer is the stream's first peer: under load it can commit a call before the
    /// hub has had its turn with the call's end. The end still goes out, and what follows it.
    @Test func aCommitBeforeTheHubSawTheEndStillSendsIt() {
        let hub = hub()
        let admin = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        hub.receive(LiveEvents.started("quick", team: "blue"))
        hub.committed(callId: "quick")
        hub.receive(LiveEvents.ended("quick"))
        hub.receive(
            .callPhrases(
                CallPhrases(
                    callId: "quick", agentId: "agent-1", team: "blue", mediaSeconds: 30, language: nil, scriptLanguage: nil,
                    scriptTeam: nil, steps: [], adherence: nil, categories: [], irritants: [], detections: 0, alerts: [], score: nil)))
        let types = admin.drainNow().map(LiveEvents.json).compactMap { ($0["event"] as? [String: Any])?["type"] as? String }
        #expect(types == ["call.started", "call.ended", "call.phrases"])
        #expect(hub.awaitingCommit == 0)
    }

    @Test func alertsAndPhrasesAfterTheCallEndedKeepItsScope() {
        let hub = hub()
        let blue = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: LiveFilter(), since: nil)
        let red = hub.subscribe(principal: LiveEvents.supervisor("red"), filter: LiveFilter(), since: nil)
        hub.publish(LiveEvents.started("b", agent: "agent-b", team: "blue"))
        hub.publish(LiveEvents.ended("b"))
        // What was said in the last words comes after the end: an alert, a phrase, the report.
        hub.publish(LiveEvents.alert("b", 1, severity: .critical, rule: "customer-irritant"))
        hub.publish(
            .phraseDetected(
                PhraseDetection(
                    callId: "b", agentId: "agent-b", team: "blue", leg: .customer, set: .irritant, phrase: "manager",
                    text: "speak to a manager", language: "en", start: 3, end: 4, confidence: 0.9)))
        let events = blue.drainNow().map(LiveEvents.json).filter { $0["type"] as? String == "event" }
        #expect(events.compactMap { ($0["event"] as? [String: Any])?["type"] as? String } == ["call.started", "call.ended", "alert.raised", "phrase.detected"])
        #expect(events.allSatisfy { $0["team"] as? String == "blue" && $0["agentId"] as? String == "agent-b" })
        #expect(red.drainNow().map(LiveEvents.json).filter { $0["type"] as? String == "event" }.isEmpty)
        // A call's report waits for its call.ended.
        hub.receive(LiveEvents.started("w", agent: "agent-b", team: "blue"))
        hub.receive(LiveEvents.ended("w"))
        let report = CallPhrases(
            callId: "w", agentId: "agent-b", team: "blue", mediaSeconds: 30, language: "en", scriptLanguage: "en", scriptTeam: nil,
            steps: [], adherence: nil, categories: [], irritants: [], detections: 0, alerts: [], score: nil)
        hub.receive(.callPhrases(report))
        func types() -> [String] {
            blue.drainNow().map(LiveEvents.json).compactMap { ($0["event"] as? [String: Any])?["type"] as? String }
        }
        #expect(types() == ["call.started"])
        hub.committed(callId: "w")
        #expect(types() == ["call.ended", "call.phrases"])
        // Erasing the agent forgets who the ended call was about.
        #expect(hub.holdsEvents(ofAgent: "agent-b"))
        hub.forget(agentId: "agent-b")
        #expect(!hub.holdsEvents(ofAgent: "agent-b"))
    }

    @Test func filtersBySeverityKindAgentAndCall() {
        let hub = hub()
        var critical = LiveFilter()
        critical.minSeverity = .critical
        critical.kinds = [.alerts]
        var agent2 = LiveFilter()
        agent2.agents = ["agent-2"]
        var callC1Windows = LiveFilter()
        callC1Windows.calls = ["c1"]
        callC1Windows.kinds = [.windows]
        let a = hub.subscribe(principal: LiveEvents.admin, filter: critical, since: nil)
        let b = hub.subscribe(principal: LiveEvents.admin, filter: agent2, since: nil)
        let c = hub.subscribe(principal: LiveEvents.admin, filter: callC1Windows, since: nil)
        hub.publish(LiveEvents.started("c1", agent: "agent-1", team: "t"))  // 1
        hub.publish(LiveEvents.started("c2", agent: "agent-2", team: "t"))  // 2
        hub.publish(LiveEvents.alert("c1", 1, severity: .warning))  // 3
        hub.publish(LiveEvents.alert("c1", 2, severity: .critical))  // 4
        hub.publish(LiveEvents.window("c1", to: 5))  // 5
        hub.publish(LiveEvents.window("c2", to: 5))  // 6
        hub.publish(LiveEvents.alert("c2", 1, severity: .info))  // 7
        #expect(seqs(a.drainNow()) == [4])
        #expect(seqs(b.drainNow()) == [2, 6, 7])
        #expect(seqs(c.drainNow()) == [5])
    }

    @Test func subscribeMessageChangesTheFilterAndBadOnesAreAnswered() {
        let hub = hub()
        let client = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        _ = client.drainNow()
        client.receive(#"{"type":"subscribe","kinds":["alerts"],"minSeverity":"critical"}"#)
        client.receive("not json")
        client.receive(#"{"type":"subscribe","minSeverity":"loud"}"#)
        client.receive(#"{"type":"hello"}"#)
        hub.publish(LiveEvents.started("c1", team: "t"))
        hub.publish(LiveEvents.alert("c1", 1, severity: .critical))
        let messages = client.drainNow(includingInitial: false).map(LiveEvents.json)
        #expect(messages.map { $0["type"] as? String } == ["subscribed", "error", "error", "error", "event"])
        #expect((messages[0]["filter"] as? [String: Any])?["minSeverity"] as? String == "critical")
        #expect((messages[2]["message"] as? String)?.contains("loud") == true)
        #expect(messages[4]["seq"] as? NSNumber == 2)
    }

    @Test func reconnectWithSinceGetsEveryMissedEventExactlyOnceInOrder() {
        let hub = hub()
        for n in 1...50 { hub.publish(LiveEvents.alert("c", n)) }
        let resumed = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 20)
        for n in 51...60 { hub.publish(LiveEvents.alert("c", n)) }
        let messages = resumed.drainNow()
        #expect(LiveEvents.json(messages[0])["type"] as? String == "event")  // no snapshot on resume
        #expect(seqs(messages) == Array(21...60))
        let upToDate = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 60)
        #expect(upToDate.drainNow().isEmpty)
    }

    @Test func erasingAnAgentForgetsTheirEndedCallsEverywhereButKeepsTheNumbering() {
        let hub = hub()
        let watching = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        hub.publish(LiveEvents.started("gone", agent: "agent-x", team: "blue"))  // 1
        hub.publish(LiveEvents.alert("gone", 1))  // 2
        hub.publish(LiveEvents.ended("gone"))  // 3
        hub.publish(LiveEvents.started("other", team: "blue"))  // 4
        hub.publish(LiveEvents.started("still", agent: "agent-x", team: "blue"))  // 5, still live
        hub.publish(LiveEvents.alert("other", 2))  // 6
        #expect(hub.forget(agentId: "agent-x") == 3)
        #expect(hub.forget(agentId: "agent-x") == 0)
        hub.publish(LiveEvents.alert("other", 3))  // 7

        // A client that was connected never gets the queued events of the erased call.
        let queued = watching.drainNow(includingInitial: false)
        #expect(seqs(queued) == [4, 5, 6, 7])
        #expect(!queued.joined().contains("gone"))
        // A reconnecting client replays around the hole, from before it and from inside it.
        let replayed = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 0).drainNow()
        #expect(seqs(replayed) == [4, 5, 6, 7])
        #expect(!replayed.joined().contains("gone"))
        #expect(seqs(hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 2).drainNow()) == [4, 5, 6, 7])
        #expect(seqs(hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 5).drainNow()) == [6, 7])
        // The live call of the same agent stays in the snapshot until it ends and is erased again.
        let snapshot = LiveEvents.json(hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil).drainNow()[0])
        #expect((snapshot["calls"] as? [[String: Any]])?.compactMap { $0["callId"] as? String }.sorted() == ["other", "still"])
    }

    @Test func callEndedFromTheStreamWaitsForTheStoreToCommit() {
        let hub = hub()
        let client = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        hub.receive(LiveEvents.started("kept", team: "blue"))  // 1
        hub.receive(LiveEvents.started("refused", team: "blue"))  // 2
        hub.receive(LiveEvents.alert("kept", 1))  // 3
        // A live call's end comes as call.closed with the store's record (which names the caller).
        guard case .callEnded(let summary) = LiveEvents.ended("kept") else { return }
        hub.receive(.callOpened(CallRecord(callId: "kept", agentId: "agent-1", team: "blue", callerNumber: "+33999000", isStatic: false, startedAt: 0, legs: [])))
        hub.receive(.callClosed(CallRecord(
            callId: "kept", agentId: "agent-1", team: "blue", callerNumber: "+33999000", isStatic: false, startedAt: 0,
            endReason: "bye", legs: [], summary: summary)))
        hub.receive(LiveEvents.ended("refused"))
        // Everything but call.ended went out at once.
        #expect(seqs(client.drainNow(includingInitial: false)) == [1, 2, 3])
        #expect(hub.awaitingCommit == 2)
        hub.committed(callId: "kept")  // 4
        hub.abandoned(callId: "refused")
        hub.committed(callId: "refused")  // too late: nothing
        let after = client.drainNow(includingInitial: false)
        #expect(seqs(after) == [4])
        #expect(!after.joined().contains("+33999000"), "the caller's number went live")
        #expect((LiveEvents.json(after[0])["event"] as? [String: Any])?["type"] as? String == "call.ended")
        #expect(hub.awaitingCommit == 0)
        // Neither call is live any more.
        let snapshot = LiveEvents.json(hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil).drainNow()[0])
        #expect((snapshot["calls"] as? [[String: Any]])?.isEmpty == true)
    }

    @Test func sinceOlderThanTheBufferOrFromTheFutureIsAResync() {
        let hub = hub(buffer: 10)
        for n in 1...30 { hub.publish(LiveEvents.alert("c", n)) }
        let old = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 5).drainNow().map(LiveEvents.json)
        #expect(old.map { $0["type"] as? String } == ["resync", "snapshot"])
        #expect(old[0]["oldestAvailable"] as? NSNumber == 21)
        #expect(old[0]["seq"] as? NSNumber == 30)
        // Exactly at the edge: 20 was evicted but nothing after it was.
        #expect(seqs(hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 20).drainNow()) == Array(21...30))
        let future = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 99).drainNow().map(LiveEvents.json)
        #expect(future.first?["type"] as? String == "resync")
    }

    @Test func sequenceKeepsIncreasingAcrossRestartsSoOldSinceIsAResync() async throws {
        let before = LiveHub(settings: LiveSettings())
        for n in 1...5 { before.publish(LiveEvents.alert("c", n)) }
        let lastBefore = before.statistics.lastSeq
        #expect(lastBefore > 1_700_000_000_000_000)  // microseconds since 1970
        #expect(lastBefore < 1 << 53)  // exact in JavaScript
        try await Task.sleep(for: .milliseconds(2))
        let after = LiveHub(settings: LiveSettings())  // "restarted"
        after.publish(LiveEvents.alert("c", 1))
        #expect(after.statistics.lastSeq > lastBefore)
        let resumed = after.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: lastBefore).drainNow().map(LiveEvents.json)
        #expect(resumed.map { $0["type"] as? String } == ["resync", "snapshot"])
    }

    @Test func newFilterAlsoAppliesToEventsAlreadyQueued() {
        let hub = hub()
        let client = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        _ = client.drainNow()
        hub.publish(LiveEvents.started("c1", team: "t"))
        hub.publish(LiveEvents.alert("c1", 1))
        client.receive(#"{"type":"subscribe","kinds":["alerts"]}"#)
        let messages = client.drainNow(includingInitial: false).map(LiveEvents.json)
        #expect(messages.map { $0["type"] as? String } == ["subscribed", "event"])
        #expect(messages.last?["seq"] as? NSNumber == 2)
    }

    @Test func repliesToAClientThatDoesNotReadAreBounded() {
        let hub = hub()
        let client = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        _ = client.drainNow()
        for _ in 0..<1000 { client.receive("not json") }
        #expect(client.drainNow(includingInitial: false).count == 64)
    }

    @Test func bufferForgetsEventsOlderThanItsAge() {
        let hub = hub(seconds: 60)
        let start = Date()
        hub.publish(LiveEvents.alert("c", 1), now: start)
        hub.publish(LiveEvents.alert("c", 2), now: start.addingTimeInterval(30))
        hub.publish(LiveEvents.alert("c", 3), now: start.addingTimeInterval(90))
        #expect(hub.statistics.buffered == 2)
        let resumed = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: 0).drainNow()
        #expect(LiveEvents.json(resumed[0])["type"] as? String == "resync")
    }

    @Test func slowClientIsToldWhatItLostWhileAFastOneGetsEverything() async {
        let hub = hub(queue: 100)
        let slow = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        let fast = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        var fastSeqs: [Int] = []
        for n in 1...1000 {
            hub.publish(LiveEvents.alert("c", n))
            if n % 10 == 0 { fastSeqs += seqs(fast.drainNow(includingInitial: false)) }
        }
        #expect(fastSeqs == Array(1...1000))
        let slowMessages = slow.drainNow(includingInitial: false).map(LiveEvents.json)
        let notice = slowMessages[0]
        #expect(notice["type"] as? String == "dropped")
        #expect(notice["count"] as? NSNumber == 900)
        #expect(notice["fromSeq"] as? NSNumber == 1)
        #expect(notice["toSeq"] as? NSNumber == 900)
        #expect(slowMessages.dropFirst().compactMap { ($0["seq"] as? NSNumber)?.intValue } == Array(901...1000))
        #expect(hub.statistics.droppedForClients == 900)
        // It carries on: later events arrive normally.
        hub.publish(LiveEvents.alert("c", 1001))
        #expect(seqs(slow.drainNow(includingInitial: false)) == [1001])
    }

    @Test func nextWaitsForAnEventAndReturnsNilOnceClosed() async {
        let hub = hub()
        let client = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil)
        async let received = client.next()
        try? await Task.sleep(for: .milliseconds(50))
        hub.publish(LiveEvents.alert("c", 1))
        let message = await received
        #expect(LiveEvents.json(message.map { String(buffer: $0) } ?? "")["seq"] as? NSNumber == 1)
        async let ended = client.next()
        try? await Task.sleep(for: .milliseconds(50))
        client.close()
        #expect(await ended == nil)
        #expect(hub.statistics.clients == 0)
    }
}

/// What a board opened late is told of alerts raised before it connected.
@Suite("Live hub: recent alerts in the snapshot")
struct LiveHubRecentAlertTests {
    @Test func theSnapshotCarriesTheLastHoursAlertsTheClientMaySeeAndEachCallsCount() {
        var settings = LiveSettings()
        settings.bufferSeconds = 7200
        let hub = LiveHub(settings: settings, firstSeq: 0)
        let start = Date()
        // Two hours ago: out of the hour a board looks back.
        hub.publish(LiveEvents.started("old", team: "blue"), now: start.addingTimeInterval(-7100))
        hub.publish(LiveEvents.alert("old", 1), now: start.addingTimeInterval(-7000))
        hub.publish(LiveEvents.started("c1", team: "blue"), now: start.addingTimeInterval(-60))
        hub.publish(LiveEvents.started("r1", team: "red"), now: start.addingTimeInterval(-60))
        hub.publish(LiveEvents.alert("c1", 1), now: start.addingTimeInterval(-50))
        hub.publish(LiveEvents.alert("r1", 1), now: start.addingTimeInterval(-50))
        hub.publish(
            .alertCleared(
                Alert(id: "dead-air-1", callId: "c1", rule: "dead-air", metric: .deadAir, severity: .warning, condition: "deadAir > 10",
                      value: 0, raisedAt: 1, clearedAt: 3)),
            now: start.addingTimeInterval(-48))
        hub.publish(LiveEvents.alert("c1", 2, severity: .critical), now: start.addingTimeInterval(-10))

        let blue = hub.subscribe(principal: LiveEvents.supervisor("blue"), filter: LiveFilter(), since: nil, now: start)
        let snapshot = LiveEvents.json(blue.initialTexts[0])
        let recent = snapshot["recentAlerts"] as? [[String: Any]] ?? []
        let described = recent.map { message -> String in
            let event = message["event"] as? [String: Any] ?? [:]
            let alert = event["alert"] as? [String: Any] ?? [:]
            return "\(message["callId"] ?? "") \(event["type"] ?? "") \(alert["id"] ?? "")"
        }
        #expect(described == ["c1 alert.raised dead-air-1", "c1 alert.cleared dead-air-1", "c1 alert.raised dead-air-2"])
        #expect(recent.allSatisfy { $0["type"] as? String == "event" && $0["seq"] is NSNumber && $0["serverTime"] is String })
        let calls = snapshot["calls"] as? [[String: Any]] ?? []
        let c1 = calls.first { $0["callId"] as? String == "c1" }
        #expect((c1?["alertsRaised"] as? NSNumber)?.intValue == 2)
        #expect((c1?["openAlerts"] as? [Any])?.count == 1)

        // A filter on severity narrows them like the stream.
        var critical = LiveFilter()
        critical.minSeverity = .critical
        let admin = hub.subscribe(principal: LiveEvents.admin, filter: critical, since: nil, now: start)
        let adminRecent = LiveEvents.json(admin.initialTexts[0])["recentAlerts"] as? [[String: Any]] ?? []
        #expect(adminRecent.compactMap { $0["callId"] as? String } == ["c1"])

        // An erased agent's ended calls leave nothing for the next board (its live call r1 stays,
        // as the stored call does until it ends).
        hub.publish(LiveEvents.ended("c1"), now: start)
        hub.committed(callId: "c1")
        hub.forget(agentId: "agent-1")
        let after = hub.subscribe(principal: LiveEvents.admin, filter: LiveFilter(), since: nil, now: start)
        let left = LiveEvents.json(after.initialTexts[0])["recentAlerts"] as? [[String: Any]] ?? []
        #expect(left.compactMap { $0["callId"] as? String } == ["r1"], "\(left)")
    }
}

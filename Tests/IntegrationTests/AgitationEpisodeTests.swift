import CCRCore
import Foundation
import Testing

/// Shouting on synthesized calls (espeak-ng): episodes found as they happen, the default rules
/// raise on a customer shouting twice within a minute or once for 3 s, and calm calls with
/// lively intonation raise nothing. The corpus the defaults were calibrated on.
@Suite("Agitation episodes", .serialized)
struct AgitationEpisodeTests {
    /// A shouted line: about +10 dB over the calm lines (gain 0.2), pitched up, faster.
    static func shout(_ text: String, gain: Double = 0.65) -> SpeechCorpus.Line {
        .init(leg: .customer, text: text, after: 0.8, voice: "en+f3", gain: gain, espeakArguments: ["-p", "80", "-s", "185"])
    }

    static func calm(_ leg: Leg, _ text: String, after: Double = 0.8, gain: Double = 0.2, pitch: Int = 50) -> SpeechCorpus.Line {
        .init(
            leg: leg, text: text, after: after, voice: leg == .customer ? "en+f3" : "en-us", gain: gain,
            espeakArguments: ["-p", "\(pitch)"])
    }

    static let twice: [SpeechCorpus.Line] = [
        calm(.agent, "Good morning, you are through to customer care, my name is Paul, how can I help?"),
        calm(.customer, "Hello, I am calling about my internet connection, it has been cutting out all week long."),
        calm(.agent, "I am sorry about that, can you give me your account number please?"),
        calm(.customer, "Yes, it is four five six seven eight nine, in the name of Martin."),
        calm(.agent, "Thank you, I can see three outages, I will book an engineer for you."),
        shout("An engineer? That is what you told me last time!"),
        calm(.agent, "I understand, this time I will make sure the visit is confirmed today."),
        calm(.customer, "Fine, but I have been without a proper connection for days now."),
        calm(.agent, "The first slot is on Thursday morning between eight and twelve."),
        shout("Thursday? No way, I work from home, I need it fixed tomorrow!"),
        calm(.agent, "Let me see what I can do for you, one moment please."),
    ]

    static let once: [SpeechCorpus.Line] = [
        calm(.agent, "Good afternoon, billing department, Sarah speaking, what can I do for you today?"),
        calm(.customer, "Hi, I received a bill this morning that is twice the usual amount, I do not understand it."),
        calm(.agent, "Let me look at it with you, there is a charge for international calls this month."),
        shout("International calls? I never call abroad, this is completely ridiculous, I want it removed right now!", gain: 0.7),
        calm(.agent, "I am removing it now and I will add a note to your account."),
    ]

    static let lively: [SpeechCorpus.Line] = [
        calm(.agent, "Hello and welcome to the travel desk, this is Emma, how can I help?", pitch: 60),
        calm(.customer, "Oh hi! I would love to book a trip to Lisbon in May, is that possible?", gain: 0.25, pitch: 70),
        calm(.agent, "Absolutely, May is a lovely time to go, how many of you are travelling?", pitch: 65),
        calm(.customer, "Just the two of us, my husband and me, for our anniversary!", gain: 0.28, pitch: 75),
        calm(.agent, "Congratulations! I have a hotel by the river with a wonderful view.", gain: 0.25, pitch: 70),
        calm(.customer, "Really? That sounds perfect, how much would that be for five nights?", gain: 0.26, pitch: 72),
        calm(.agent, "Five nights with breakfast comes to nine hundred euros in total.", pitch: 55),
        calm(.customer, "Hmm, that is a bit more than we planned, is there anything cheaper?", gain: 0.17, pitch: 40),
        calm(.agent, "Yes, there is a nice guest house in the old town for six hundred.", pitch: 60),
        calm(.customer, "Oh great, yes, let us take that one, thank you so much!", gain: 0.27, pitch: 75),
    ]

    static func analyse(_ script: [SpeechCorpus.Line]) async throws -> [CallEvent] {
        let conversation = try await SpeechCorpus.render(script)
        return CallAnalysis.analyse(
            recording: conversation.legs, info: CallInfo(callId: "shouting", agentId: "a", team: nil, legs: [.agent, .customer]),
            settings: AnalysisSettings())
    }

    static func episodes(_ events: [CallEvent]) -> [AgitationEpisode] {
        events.compactMap { if case .agitationEpisode(let episode) = $0 { episode } else { nil } }
    }

    static func raised(_ events: [CallEvent]) -> [Alert] {
        events.compactMap { if case .alertRaised(let alert) = $0 { alert } else { nil } }
    }

    @Test func shoutingTwiceWithinAMinuteRaisesAnAlert() async throws {
        let conversation = try await SpeechCorpus.render(Self.twice)
        let events = CallAnalysis.analyse(
            recording: conversation.legs, info: CallInfo(callId: "shouting", agentId: "a", team: nil, legs: [.agent, .customer]),
            settings: AnalysisSettings())
        let shouted = conversation.placed.filter { $0.line.gain > 0.5 }
        let episodes = Self.episodes(events)
        print("twice: shouted \(shouted.map { ($0.start, $0.end) }); episodes \(episodes.map { ($0.leg, $0.start, $0.end, $0.levelOverBaseline, $0.pitchRiseHz ?? 0) })")
        #expect(episodes.count == 2 && episodes.allSatisfy { $0.leg == .customer }, "\(episodes)")
        for (episode, line) in zip(episodes, shouted) {
            #expect(abs(episode.start - line.start) <= 0.3 && abs(episode.end - line.end) <= 0.4, "\(episode) for line \(line.start)-\(line.end)")
            #expect(episode.levelOverBaseline >= 6)
            #expect((episode.pitchRiseHz ?? 0) > 20)
        }
        let again = try #require(Self.raised(events).first { $0.rule == "customer-shouting-again" })
        // Raised as the second episode has lasted a second, long before its end.
        #expect(again.raisedAt > shouted[1].start && again.raisedAt <= shouted[1].start + 1.3, "raised at \(again.raisedAt)")
        #expect(again.severity == .critical)
    }

    @Test func shoutingOnceForThreeSecondsRaisesAnAlert() async throws {
        let conversation = try await SpeechCorpus.render(Self.once)
        let events = CallAnalysis.analyse(
            recording: conversation.legs, info: CallInfo(callId: "shouting", agentId: "a", team: nil, legs: [.agent, .customer]),
            settings: AnalysisSettings())
        let shouted = try #require(conversation.placed.first { $0.line.gain > 0.5 })
        try #require(shouted.end - shouted.start >= 3.5, "the shouted line lasts \(shouted.end - shouted.start) s")
        let episodes = Self.episodes(events)
        print("once: shouted \(shouted.start)-\(shouted.end); episodes \(episodes.map { ($0.leg, $0.start, $0.end, $0.levelOverBaseline) })")
        #expect(episodes.count == 1 && episodes.first?.leg == .customer, "\(episodes)")
        let alert = try #require(Self.raised(events).first { $0.rule == "customer-shouting" })
        #expect(abs(alert.raisedAt - (shouted.start + 3)) <= 0.3, "raised at \(alert.raisedAt), shouting from \(shouted.start)")
        #expect(!Self.raised(events).contains { $0.rule == "customer-shouting-again" })
    }

    @Test func calmCallsWithLivelyIntonationRaiseNothing() async throws {
        for script in [Self.lively, Self.twice.filter { $0.gain <= 0.5 }, Self.once.filter { $0.gain <= 0.5 }] {
            let events = try await Self.analyse(script)
            let episodes = Self.episodes(events)
            #expect(episodes.isEmpty, "false episodes: \(episodes)")
            #expect(!Self.raised(events).contains { $0.rule.hasPrefix("customer-shouting") })
        }
    }
}

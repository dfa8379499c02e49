/// The metrics of one stretch of a conversation (a scoring window), as a pure function of the
/// frame timeline (who spoke, syllable nuclei, agitation, network) and the conversation's turns
/// and interruptions.
enum WindowMetrics {
    /// Metrics of frames `from ..< to`; frames older than the timeline reaches are not counted.
    static func measure(
        from: Int64, to: Int64, timeline: FrameTimeline, conversation: Conversation, singleLeg: Bool
    ) -> ConversationMetrics {
        var metrics = ConversationMetrics(from: Seconds.of(from), to: Seconds.of(to))
        var agentFrames: Int64 = 0
        var customerFrames: Int64 = 0
        var bothFrames: Int64 = 0
        var silentRun: Int64 = 0
        var longestSilence: Int64 = 0
        var agentNuclei = 0
        var customerNuclei = 0
        var lowestMOS: Float = .infinity
        var highestLoss: Float = -1
        var highestJitter: Float = -1
        let start = max(from, timeline.oldest)
        for index in start..<max(start, to) {
            let entry = timeline.entry(index)
            let agentSpeaks = entry.flags & FrameTimeline.agentSpeech != 0
            let customerSpeaks = entry.flags & FrameTimeline.customerSpeech != 0
            if agentSpeaks { agentFrames += 1 }
            if customerSpeaks { customerFrames += 1 }
            if agentSpeaks && customerSpeaks { bothFrames += 1 }
            if !agentSpeaks && !customerSpeaks {
                silentRun += 1
                longestSilence = max(longestSilence, silentRun)
            } else {
                silentRun = 0
            }
            if entry.flags & FrameTimeline.agentNucleus != 0 { agentNuclei += 1 }
            if entry.flags & FrameTimeline.customerNucleus != 0 { customerNuclei += 1 }
            metrics.customerAgitation = max(metrics.customerAgitation, Double(entry.customerAgitation))
            metrics.agentAgitation = max(metrics.agentAgitation, Double(entry.agentAgitation))
            if !entry.mos.isNaN {
                lowestMOS = min(lowestMOS, entry.mos)
                highestLoss = max(highestLoss, entry.lossPercent)
                highestJitter = max(highestJitter, entry.jitterMs)
            }
        }
        metrics.agentTalkSeconds = Seconds.of(agentFrames)
        metrics.customerTalkSeconds = Seconds.of(customerFrames)
        metrics.longestDeadAirSeconds = Seconds.of(longestSilence)
        metrics.overtalkSeconds = Seconds.of(bothFrames)
        metrics.mos = lowestMOS.isFinite ? Double(lowestMOS) : nil
        metrics.lossPercent = highestLoss >= 0 ? Double(highestLoss) : nil
        metrics.jitterMs = highestJitter >= 0 ? Double(highestJitter) : nil
        let fromSeconds = Seconds.of(from)
        let toSeconds = Seconds.of(to)
        // The lists are in time order: walk back only as far as the window.
        for interruption in conversation.interruptions.reversed() {
            guard interruption.at >= fromSeconds else { break }
            guard interruption.at < toSeconds else { continue }
            if interruption.by == .agent { metrics.agentInterruptions += 1 } else { metrics.customerInterruptions += 1 }
        }
        var longestTurn = conversation.openAgentTurn?.length ?? 0
        for turn in conversation.agentTurns.reversed() {
            guard turn.end > fromSeconds else { break }
            if turn.start < toSeconds { longestTurn = max(longestTurn, turn.length) }
        }
        metrics.longestAgentMonologueSeconds = longestTurn
        metrics.agentSyllablesPerSecond = ConversationMetrics.syllableRate(agentNuclei, metrics.agentTalkSeconds)
        metrics.customerSyllablesPerSecond = ConversationMetrics.syllableRate(customerNuclei, metrics.customerTalkSeconds)
        metrics.completeRatios(singleLeg: singleLeg)
        return metrics
    }
}

extension ConversationMetrics {
    /// Syllable nuclei per second of talk; nil under a second of talk.
    static func syllableRate(_ nuclei: Int, _ seconds: Double) -> Double? {
        seconds >= 1 ? Double(nuclei) / seconds : nil
    }

    /// Fills the ratios from the counts (talk ratio only with both legs).
    mutating func completeRatios(singleLeg: Bool) {
        let span = max(to - from, Seconds.perFrame)
        let talk = agentTalkSeconds + customerTalkSeconds
        overtalkRatio = overtalkSeconds / span
        agentInterruptionsPerMinute = Double(agentInterruptions) / (span / 60)
        talkRatio = talk >= 1 ? agentTalkSeconds / talk : nil
        if singleLeg {
            talkRatio = nil
            self.singleLeg = true
        }
    }
}

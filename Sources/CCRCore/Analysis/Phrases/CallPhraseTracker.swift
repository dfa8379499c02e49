/// Listens to one call's transcript for the phrase book's phrases: what the phrase listener
/// keeps per call. Pure: fed transcript segments, transcription progress and the call's time, it
/// returns the events to publish — `phrase.detected`, alerts on what was said, and at the end
/// `call.phrases` with the script adherence, categories, irritant moments and the final score.
///
/// Irritants are listened for on the customer's leg, the script on the agent's, categories on
/// both. The script is the team's in the agent's language (`PhraseBook.script`). A step's
/// deadline ("within 15 s") is judged once the agent's transcription has passed it
/// (`TranscriptProgress`), so a late transcript never makes a false "not said"; when some of the
/// agent's speech before the deadline could not be transcribed, nothing is claimed.
public struct CallPhraseTracker: Sendable {
    public let callId: String
    public let agentId: String
    public let team: String?
    private let book: PhraseBook
    private var board: PhraseAlertBoard
    /// The call's language: the agent's first segment's, else the customer's.
    private var agentLanguage: String?
    private var customerLanguage: String?
    private var script: Script?
    private var firstSaid: [String: Double] = [:]
    private var lastSaid: [String: Double] = [:]
    private var flaggedMissing: Set<String> = []
    /// Segments heard on the agent's leg: with none, no step can be called missed.
    private var agentSegments = 0
    private var categories: [String: CallCategory] = [:]
    private var categoryOrder: [String] = []
    private var irritants: [(start: Double, end: Double, phrase: String)] = []
    private var through: [Leg: Double] = [:]
    /// Start of the agent's first untranscribed utterance.
    private var firstAgentGap: Double?
    private var detections = 0
    private var now = 0.0

    /// Irritant phrases kept for the call's moments, evidence kept per category, and phrases sent
    /// per call (beyond, they still count for the report but are not sent or stored one by one).
    public static let maxIrritants = 500
    public static let maxEvidence = 20
    public static let maxDetections = 1000

    public init(callId: String, agentId: String, team: String?, book: PhraseBook, rules: [AlertRule]) {
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.book = book
        self.board = PhraseAlertBoard(rules: rules)
    }

    // MARK: Feeding

    /// A transcript segment of the call: the phrases it holds, and the alerts they raise or clear.
    public mutating func hear(_ segment: TranscriptSegment) -> [CallEvent] {
        let words = SpokenText.words(segment.text)
        guard !words.isEmpty else { return [] }
        switch segment.leg {
        case .agent:
            agentLanguage = agentLanguage ?? segment.language
            agentSegments += 1
        case .customer: customerLanguage = customerLanguage ?? segment.language
        }
        now = max(now, segment.end)
        var events: [CallEvent] = []
        func detected(_ kind: PhraseKind, _ phrase: Phrase, _ match: PhraseMatch) -> PhraseDetection {
            let (start, end) = Self.times(of: match.words, wordCount: words.count, in: segment)
            detections += 1
            let detection = PhraseDetection(
                callId: callId, agentId: agentId, team: team, leg: segment.leg, set: kind, phrase: phrase.id,
                text: words[match.words].prefix(PhraseMatcher.maxWordsShown).joined(separator: " "), language: segment.language,
                start: start, end: end, confidence: max(0, min(1, match.similarity * segment.confidence)))
            if detections <= Self.maxDetections { events.append(.phraseDetected(detection)) }
            return detection
        }
        let phrases = book.language(segment.language)
        if segment.leg == .customer, let phrases {
            for phrase in phrases.irritants {
                guard let match = PhraseMatcher.match(phrase, in: words) else { continue }
                let detection = detected(.irritant, phrase, match)
                if irritants.count < Self.maxIrritants { irritants.append((detection.start, detection.end, phrase.id)) }
                events += board.irritant(at: detection.end, callId: callId)
            }
        }
        for phrase in phrases?.categories ?? [] {
            guard let match = PhraseMatcher.match(phrase, in: words, negationMatters: false) else { continue }
            let detection = detected(.category, phrase, match)
            if categories[phrase.id] == nil {
                categories[phrase.id] = CallCategory(category: phrase.id, matches: 0, evidence: [])
                categoryOrder.append(phrase.id)
            }
            categories[phrase.id]!.matches += 1
            if categories[phrase.id]!.evidence.count < Self.maxEvidence {
                categories[phrase.id]!.evidence.append(
                    PhraseEvidence(leg: segment.leg, start: detection.start, end: detection.end, keyword: phrase.variants[match.variant]))
            }
        }
        if segment.leg == .agent, let script = currentScript() {
            for step in script.steps {
                guard let match = PhraseMatcher.match(step.phrase, in: words) else { continue }
                let detection = detected(.script, step.phrase, match)
                // Segments may come out of order (several decoding threads): earliest and latest.
                lastSaid[step.id] = max(lastSaid[step.id] ?? detection.start, detection.start)
                let first = min(firstSaid[step.id] ?? detection.start, detection.start)
                firstSaid[step.id] = first
                events += board.stepSaid(step.id, at: first, callId: callId)
            }
        }
        return events
    }

    /// How far a leg's transcription has come: the agent's steps whose deadline it passed unsaid
    /// raise their alerts.
    public mutating func progress(_ progress: TranscriptProgress) -> [CallEvent] {
        through[progress.leg] = max(through[progress.leg] ?? 0, progress.through)
        guard progress.leg == .agent, let script = currentScript(), let heard = through[.agent] else { return [] }
        var events: [CallEvent] = []
        for step in script.steps {
            guard let deadline = step.withinSeconds, heard >= deadline, firstSaid[step.id] == nil,
                !flaggedMissing.contains(step.id)
            else { continue }
            // Untranscribed speech before the deadline may have held it: nothing is claimed.
            if let gap = firstAgentGap, gap < deadline { continue }
            flaggedMissing.insert(step.id)
            events += board.stepMissed(step.id, at: deadline, callId: callId)
        }
        return events
    }

    /// An utterance left untranscribed.
    public mutating func gap(_ gap: TranscriptGap) {
        guard gap.leg == .agent else { return }
        firstAgentGap = min(firstAgentGap ?? gap.start, gap.start)
    }

    /// The call's media time moved on (its windows): irritant alerts past their span clear.
    public mutating func advance(to mediaTime: Double) -> [CallEvent] {
        now = max(now, mediaTime)
        return board.advance(to: now, callId: callId)
    }

    // MARK: The end

    /// The call is over and its transcription complete (`complete` false: given up waiting for
    /// it): open alerts clear, and `call.phrases` sums it up. `summary` (the call's, when it had
    /// one) gives the end time, the shouting episodes and the metrics the final score is
    /// recomputed from with `scorecard` and the steps.
    public mutating func finish(summary: CallSummary?, scorecard: Scorecard, complete: Bool = true) -> [CallEvent] {
        let end = max(summary?.mediaSeconds ?? 0, now)
        let script = currentScript()
        // Nothing of the agent heard, or the transcription never completed: a step not found may
        // well have been said.
        let unsure = agentSegments == 0 || firstAgentGap != nil || !complete
        let steps = (script?.steps ?? []).map { step in result(of: step, in: script!, end: end, unsure: unsure) }
        let heard = steps.filter { $0.value != nil }
        let adherence = heard.isEmpty ? nil : Double(heard.filter { $0.status == .onTime }.count) / Double(heard.count)
        let score = summary.map { summary in
            scorecard.score(
                summary.metrics,
                adding: steps.map { result in
                    (Scorecard.Criterion(name: "script: \(result.step)", metric: .scriptStep, weight: result.weight, min: 1, tolerance: 1), result.value)
                })
        }
        var events = board.close(at: end)
        events.append(
            .callPhrases(
                CallPhrases(
                    callId: callId, agentId: agentId, team: team, mediaSeconds: end, language: agentLanguage ?? customerLanguage,
                    scriptLanguage: script?.language, scriptTeam: script?.team, steps: steps, adherence: adherence,
                    categories: categoryOrder.compactMap { categories[$0] },
                    irritants: moments(shouting: summary?.agitationEpisodes ?? []), detections: detections,
                    alerts: board.alerts, score: score)))
        return events
    }

    private func result(of step: ScriptStep, in script: Script, end: Double, unsure: Bool) -> ScriptStepResult {
        let status: ScriptStepResult.Status
        let first = firstSaid[step.id]
        let index = script.steps.firstIndex { $0.id == step.id } ?? 0
        let laterSaidBefore = script.steps[(index + 1)...].contains { later in
            if let first, let other = firstSaid[later.id] { other < first } else { false }
        }
        if first == nil {
            status = unsure ? .notHeard : .missed
        } else if laterSaidBefore {
            status = .outOfOrder
        } else if let within = step.withinSeconds, let first, first > within {
            status = .late
        } else if let last = step.lastSeconds, let said = lastSaid[step.id], said < end - last {
            status = .late
        } else {
            status = .onTime
        }
        let at = step.lastSeconds != nil ? lastSaid[step.id] : first
        return ScriptStepResult(step: step.id, status: status, at: at, deadline: step.deadline, weight: step.weight)
    }

    /// The customer's irritant phrases and shouting episodes, merged when they are within the
    /// book's `momentGapSeconds` of each other.
    private func moments(shouting: [AgitationEpisode]) -> [IrritantMoment] {
        let phrases = irritants.map { IrritantMoment(start: $0.start, end: $0.end, phrases: [$0.phrase], shouting: false) }
        let episodes = shouting.filter { $0.leg == .customer }.map {
            IrritantMoment(start: $0.start, end: $0.end, phrases: [], shouting: true)
        }
        var merged: [IrritantMoment] = []
        for moment in (phrases + episodes).sorted(by: { $0.start < $1.start }) {
            if var last = merged.last, moment.start <= last.end + book.momentGapSeconds {
                last.end = max(last.end, moment.end)
                last.phrases += moment.phrases
                last.shouting = last.shouting || moment.shouting
                merged[merged.count - 1] = last
            } else {
                merged.append(moment)
            }
        }
        return merged
    }

    /// The script the agent is held to, chosen once the agent's language is known; until then
    /// the customer's language (or the team's first script) stands in without being kept.
    private mutating func currentScript() -> Script? {
        if let script { return script }
        let chosen = book.script(team: team, language: agentLanguage ?? customerLanguage)
        if agentLanguage != nil { script = chosen }
        return chosen
    }

    /// What one line says, as "set/phrase" ("irritant/cancel", "script/greeting"): a fresh call's
    /// tracker fed it as a segment of `leg` in `language` (the phrase corpus's measure).
    public static func heard(_ text: String, leg: Leg, language: String, book: PhraseBook = .standard) -> Set<String> {
        var tracker = CallPhraseTracker(callId: "line", agentId: "", team: nil, book: book, rules: [])
        let events = tracker.hear(
            TranscriptSegment(callId: "line", agentId: "", team: nil, leg: leg, start: 0, end: 3, text: text, language: language, confidence: 1))
        return Set(events.compactMap { if case .phraseDetected(let found) = $0 { "\(found.set.rawValue)/\(found.phrase)" } else { nil } })
    }

    /// Media times of `range` of a segment's folded words: from the engine's word times when it
    /// gave them (by position), else spread evenly over the segment.
    static func times(of range: Range<Int>, wordCount: Int, in segment: TranscriptSegment) -> (Double, Double) {
        let count = Double(max(1, wordCount))
        if !segment.words.isEmpty {
            let scale = Double(segment.words.count) / count
            let first = min(segment.words.count - 1, Int(Double(range.lowerBound) * scale))
            let last = min(segment.words.count - 1, max(first, Int((Double(range.upperBound) * scale).rounded(.up)) - 1))
            return (segment.words[first].start, max(segment.words[first].start, segment.words[last].end))
        }
        let span = segment.end - segment.start
        return (segment.start + span * Double(range.lowerBound) / count, segment.start + span * Double(range.upperBound) / count)
    }
}

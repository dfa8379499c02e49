import CCRCore

extension Configuration {
    /// Reads the `analysis`, `scorecard` and `alerts` sections.
    static func analysisSettings(_ reader: ConfigReader) throws(ConfigError) -> AnalysisSettings {
        var settings = AnalysisSettings()
        settings.windowLength = try reader.seconds("analysis.window.length", default: settings.windowLength, range: 5...600)
        settings.windowHop = try reader.seconds("analysis.window.hop", default: settings.windowHop, range: 1...600)
        guard settings.windowHop <= settings.windowLength else {
            throw .invalidValue(
                key: "analysis.window.hop", value: "\(settings.windowHop)s",
                expected: "at most analysis.window.length (\(settings.windowLength)s)", origin: "configuration")
        }
        settings.maxLegSkew = try reader.seconds("analysis.maxLegSkew", default: settings.maxLegSkew, range: 0.02...5)
        settings.vad.margin = try reader.double("analysis.vad.margin", default: settings.vad.margin, range: 1...30)
        settings.vad.absoluteFloor = try reader.double(
            "analysis.vad.absoluteFloor", default: settings.vad.absoluteFloor, range: -100...(-10))
        settings.vad.speakerRange = try reader.double(
            "analysis.vad.speakerRange", default: settings.vad.speakerRange, range: 6...60)
        settings.vad.spectral = try reader.bool("analysis.vad.spectral", default: settings.vad.spectral)
        settings.vad.spectralMargin = try reader.double(
            "analysis.vad.spectralMargin", default: settings.vad.spectralMargin, range: 0...30)
        // At most 2 s: the shortest utterance cap (transcription.maxUtterance) holds a replayed start.
        let startup = try reader.seconds(
            "analysis.vad.startup", default: Double(settings.vad.startupFrames) / 50, range: 0...2)
        guard startup <= settings.windowHop else {
            throw .invalidValue(
                key: "analysis.vad.startup", value: "\(startup)s",
                expected: "at most analysis.window.hop (\(settings.windowHop)s): the first window is scored once the start-up is decided",
                origin: "configuration")
        }
        settings.vad.startupFrames = Int((startup * 50).rounded())

        let version = try reader.string("scorecard.version", default: Scorecard.standard.version)
        let criteria = try reader.list("scorecard.criteria") { item throws(ConfigError) in try criterion(item) }
        settings.scorecard = Scorecard(version: version, criteria: criteria.isEmpty ? Scorecard.standard.criteria : criteria)
        try checkUnique(settings.scorecard.criteria.map(\.name), key: "scorecard.criteria")

        let rules = try reader.list("alerts") { item throws(ConfigError) in try alertRule(item) }
        settings.alertRules = rules.isEmpty ? AlertRule.standard : rules
        try checkUnique(settings.alertRules.map(\.name), key: "alerts")
        return settings
    }

    private static func criterion(_ item: ConfigReader) throws(ConfigError) -> Scorecard.Criterion {
        guard let name = try item.optionalString("name"), !name.isEmpty else {
            throw .invalidValue(key: "scorecard.criteria[].name", value: "", expected: "a name", origin: "configuration")
        }
        guard let metric: ScoredMetric = try item.optionalChoice("metric"), metric != .scriptStep else {
            throw .invalidValue(
                key: "scorecard.criteria[\(name)].metric", value: "", expected: "one of "
                    + ScoredMetric.allCases.filter { $0 != .scriptStep }.map(\.rawValue).joined(separator: ", ")
                    + " (script steps are criteria through phrases.scripts, with their weights)", origin: "configuration")
        }
        let criterion = Scorecard.Criterion(
            name: name, metric: metric, weight: try item.double("weight", default: 1, range: 0...100),
            min: try item.optionalDouble("min", range: -1e6...1e6), max: try item.optionalDouble("max", range: -1e6...1e6),
            tolerance: try item.double("tolerance", default: 1, range: 0...1e6))
        if criterion.min == nil && criterion.max == nil {
            throw .invalidValue(
                key: "scorecard.criteria[\(name)]", value: "no min or max", expected: "a min, a max or both",
                origin: "configuration")
        }
        return criterion
    }

    private static func alertRule(_ item: ConfigReader) throws(ConfigError) -> AlertRule {
        guard let name = try item.optionalString("name"), !name.isEmpty else {
            throw .invalidValue(key: "alerts[].name", value: "", expected: "a name", origin: "configuration")
        }
        guard let metric: AlertRule.Metric = try item.optionalChoice("metric") else {
            throw .invalidValue(
                key: "alerts[\(name)].metric", value: "", expected: "one of "
                    + AlertRule.Metric.allCases.map(\.rawValue).joined(separator: ", "), origin: "configuration")
        }
        guard let threshold = try item.optionalDouble("threshold", range: -1e6...1e6) else {
            throw .invalidValue(key: "alerts[\(name)].threshold", value: "", expected: "a number", origin: "configuration")
        }
        let within = try item.seconds("within", default: AlertRule.defaultWithinSeconds, range: 1...3600)
        if !metric.countsEpisodes, try item.optionalString("within") != nil {
            throw .invalidValue(
                key: "alerts[\(name)].within", value: "", expected: "no span: only episode counts ("
                    + AlertRule.Metric.allCases.filter(\.countsEpisodes).map(\.rawValue).joined(separator: ", ") + ") take one",
                origin: "configuration")
        }
        return AlertRule(
            name: name, metric: metric, comparator: try item.choice("comparator", default: AlertRule.Comparator.greater),
            threshold: threshold, forSeconds: try item.seconds("for", default: 0, range: 0...86_400),
            severity: try item.choice("severity", default: Severity.warning),
            cooldownSeconds: try item.seconds("cooldown", default: 30, range: 0...86_400),
            clearThreshold: try item.optionalDouble("clearThreshold", range: -1e6...1e6),
            withinSeconds: metric.countsEpisodes ? within : nil, step: try step(item, name: name, metric: metric))
    }

    /// A `scriptStepsMissed` rule's step (its name is checked against the scripts in `phrases`).
    private static func step(_ item: ConfigReader, name: String, metric: AlertRule.Metric) throws(ConfigError) -> String? {
        let step = try item.optionalString("step")
        if step != nil && metric != .scriptStepsMissed {
            throw .invalidValue(
                key: "alerts[\(name)].step", value: step ?? "", expected: "no step: only scriptStepsMissed rules watch one",
                origin: "configuration")
        }
        return step
    }

    static func checkUnique(_ names: [String], key: String) throws(ConfigError) {
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            throw .invalidValue(key: key, value: name, expected: "unique names", origin: "configuration")
        }
    }
}

/// What analysis tells the rest of ccrd: one enum, with a versioned JSON shape (docs/events.md).
///
/// Every event carries the call id and the media time it refers to (seconds from the call's
/// first audio). Delivery adds sequence numbers and server time; analysis has no clock.
public enum CallEvent: Sendable, Equatable {
    case callStarted(CallInfo, at: Double)
    case windowScored(WindowScore)
    case alertRaised(Alert)
    case alertCleared(Alert)
    case callEnded(CallSummary)

    /// Version of the JSON shape; bumped on any incompatible change.
    public static let schemaVersion = 1

    /// The `type` field: "call.started", "window.scored", "alert.raised", "alert.cleared", "call.ended".
    public var type: String {
        switch self {
        case .callStarted: "call.started"
        case .windowScored: "window.scored"
        case .alertRaised: "alert.raised"
        case .alertCleared: "alert.cleared"
        case .callEnded: "call.ended"
        }
    }

    public var callId: String {
        switch self {
        case .callStarted(let info, _): info.callId
        case .windowScored(let window): window.callId
        case .alertRaised(let alert), .alertCleared(let alert): alert.callId
        case .callEnded(let summary): summary.callId
        }
    }

    /// Media time the event refers to, seconds.
    public var mediaTime: Double {
        switch self {
        case .callStarted(_, let at): at
        case .windowScored(let window): window.window.to
        case .alertRaised(let alert): alert.raisedAt
        case .alertCleared(let alert): alert.clearedAt ?? alert.raisedAt
        case .callEnded(let summary): summary.mediaSeconds
        }
    }
}

extension CallEvent: Codable {
    private enum CodingKeys: String, CodingKey {
        case version, type, callId, mediaTime, call, window, alert, summary
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.schemaVersion, forKey: .version)
        try container.encode(type, forKey: .type)
        try container.encode(callId, forKey: .callId)
        try container.encode(mediaTime, forKey: .mediaTime)
        switch self {
        case .callStarted(let info, _): try container.encode(info, forKey: .call)
        case .windowScored(let window): try container.encode(window, forKey: .window)
        case .alertRaised(let alert), .alertCleared(let alert): try container.encode(alert, forKey: .alert)
        case .callEnded(let summary): try container.encode(summary, forKey: .summary)
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "call.started":
            self = .callStarted(
                try container.decode(CallInfo.self, forKey: .call), at: try container.decode(Double.self, forKey: .mediaTime))
        case "window.scored": self = .windowScored(try container.decode(WindowScore.self, forKey: .window))
        case "alert.raised": self = .alertRaised(try container.decode(Alert.self, forKey: .alert))
        case "alert.cleared": self = .alertCleared(try container.decode(Alert.self, forKey: .alert))
        case "call.ended": self = .callEnded(try container.decode(CallSummary.self, forKey: .summary))
        default:
            throw DecodingError.dataCorruptedError(forKey: .type, in: container, debugDescription: "unknown event type \(type)")
        }
    }
}

/// Who a call is about.
public struct CallInfo: Sendable, Codable, Equatable {
    public var callId: String
    public var agentId: String
    public var team: String?
    /// The legs the call has; one leg means mixed mono, scored with fewer metrics.
    public var legs: [Leg]

    public init(callId: String, agentId: String, team: String?, legs: [Leg]) {
        self.callId = callId
        self.agentId = agentId
        self.team = team
        self.legs = legs
    }
}

/// A scored window, with the call-so-far score beside it.
public struct WindowScore: Sendable, Codable, Equatable {
    public var callId: String
    /// The window's metrics and score.
    public var window: ConversationMetrics
    public var score: Scorecard.Result
    /// The call from its start to the end of this window.
    public var cumulative: ConversationMetrics
    public var cumulativeScore: Scorecard.Result

    public init(
        callId: String, window: ConversationMetrics, score: Scorecard.Result, cumulative: ConversationMetrics,
        cumulativeScore: Scorecard.Result
    ) {
        self.callId = callId
        self.window = window
        self.score = score
        self.cumulative = cumulative
        self.cumulativeScore = cumulativeScore
    }
}

/// The end of a call: its final score and summary metrics.
public struct CallSummary: Sendable, Codable, Equatable {
    public var callId: String
    /// Media seconds analysed.
    public var mediaSeconds: Double
    public var metrics: ConversationMetrics
    public var finalScore: Scorecard.Result
    public var turns: Int
    public var interruptions: [Interruption]
    public var deadAirSpans: [Span]
    public var overtalkSpans: [Span]
    public var responseLatencies: [Double]
    /// Alerts raised during the call (cleared at the end if still open).
    public var alerts: [Alert]
    /// Per-leg figures: mean pitch and clipping.
    public var legs: [LegSummary]
    /// Said when the call had one leg: which metrics could not be measured.
    public var note: String?
}

/// What a leg sounded like over the whole call.
public struct LegSummary: Sendable, Codable, Equatable {
    public var leg: Leg
    public var talkSeconds: Double
    public var meanPitchHz: Double?
    public var peakDBFS: Double
    /// Share of samples that clipped.
    public var clippingRatio: Double
    public var syllablesPerSecond: Double?
    /// Speech segments, start and length in seconds (the last 1000).
    public var segments: [Span]
}

import CCRCore
import Foundation

/// How exported calls are written (docs/export.md has the record shapes).
public enum ExportFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: a call with its legs, timeline, alerts and reviews.
    case ndjson
    /// One row per call with its main figures; timeline and alerts as counts.
    case csv

    public var contentType: String {
        switch self {
        case .ndjson: "application/x-ndjson; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        }
    }

    /// The first line, if the format has one.
    public var header: String? {
        switch self {
        case .ndjson: nil
        case .csv: Self.columns.joined(separator: ",") + "\r\n"
        }
    }

    static let columns = [
        "callId", "agentId", "team", "callerNumber", "state", "endReason", "startedAt", "endedAt", "durationSeconds",
        "mediaSeconds", "codecs", "score", "scorecardVersion", "alerts", "windows", "reviewedScore", "reviewer",
        "reviewedAt", "categories", "scriptAdherence",
    ]

    /// One call's record, with its line ending.
    public func encode(_ detail: CallDetail) throws -> String {
        switch self {
        case .ndjson:
            let data = try Self.json.encode(detail)
            return String(decoding: data, as: UTF8.self) + "\n"
        case .csv:
            let call = detail.call
            let review = detail.reviews.last
            let fields: [String?] = [
                call.id, call.agentId, call.team, call.callerNumber, call.state.rawValue, call.endReason,
                Self.date(call.startedAt), call.endedAt.map(Self.date), Self.number(call.durationSeconds),
                Self.number(call.mediaSeconds), call.codecs, call.score.map(Self.number), call.scorecardVersion,
                String(detail.alerts.count), String(detail.timeline.count), review.map { Self.number($0.score) },
                review?.reviewer, review.map { Self.date($0.reviewedAt) },
                detail.phraseReport.map { $0.categories.map(\.category).joined(separator: " ") },
                detail.phraseReport?.adherence.map(Self.number),
            ]
            return fields.map { Self.csvField($0 ?? "") }.joined(separator: ",") + "\r\n"
        }
    }

    static let json: JSONEncoder = {
        let encoder = JSONEncoder()
        // Milliseconds, as stored: an export read back gives the same instants.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Self.date(date))
        }
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// ISO 8601 in UTC with milliseconds.
    /// Built from the whole millisecond the store holds: the formatter truncates, and a stored
    /// .440 read back as 0.43999… would print as .439.
    public static func date(_ date: Date) -> String {
        let milliseconds = Store.milliseconds(date)
        var (seconds, fraction) = milliseconds.quotientAndRemainder(dividingBy: 1000)
        if fraction < 0 {
            seconds -= 1
            fraction += 1000
        }
        let whole = Date(timeIntervalSince1970: Double(seconds)).formatted(.iso8601)  // …T08:33:30Z
        return whole.dropLast() + "." + String(String(fraction + 1000).dropFirst()) + "Z"
    }

    static func number(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    /// RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it.
    static func csvField(_ text: String) -> String {
        var text = text
        if let first = text.first, "=+-@".contains(first), Double(text) == nil { text = "'" + text }
        guard text.contains(where: { ",\"\r\n".contains($0) }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
import CCRCore
import GRDB

/// Who spoke when in a finished call: each leg's speech, the dead air (silences of 2 s or
/// more) and the overtalk, in media seconds. The call page draws its timeline from it. Kept
/// beside the call row (`callActivity`, one JSON document per call), erased with the call.
public struct CallActivity: Sendable, Codable, Equatable {
    public var agentSpeech: [Span]
    public var customerSpeech: [Span]
    public var deadAir: [Span]
    public var overtalk: [Span]

    public init(agentSpeech: [Span] = [], customerSpeech: [Span] = [], deadAir: [Span] = [], overtalk: [Span] = []) {
        self.agentSpeech = agentSpeech
        self.customerSpeech = customerSpeech
        self.deadAir = deadAir
        self.overtalk = overtalk
    }

    /// What a call's summary knows of it.
    public init(_ summary: CallSummary) {
        self.init(
            agentSpeech: summary.legs.first { $0.leg == .agent }?.segments ?? [],
            customerSpeech: summary.legs.first { $0.leg == .customer }?.segments ?? [],
            deadAir: summary.deadAirSpans, overtalk: summary.overtalkSpans)
    }

    /// The stored document: each list as `[[start, length], …]` in seconds to the millisecond,
    /// written by hand. Through `JSONEncoder` (objects, sorted keys) the activity doubled the
    /// store writer's cost per finished call (Benchmarks/README.md, issue 19).
    var storedText: String {
        var text = "{"
        for (index, (name, spans)) in [("agentSpeech", agentSpeech), ("customerSpeech", customerSpeech), ("deadAir", deadAir), ("overtalk", overtalk)]
            .enumerated()
        {
            if index > 0 { text += "," }
            text += "\"" + name + "\":["
            for (n, span) in spans.enumerated() {
                if n > 0 { text += "," }
                text += "[" + Self.milliseconds(span.start) + "," + Self.milliseconds(span.length) + "]"
            }
            text += "]"
        }
        return text + "}"
    }

    /// `value` in seconds with at most three decimals ("12.5", "3"); 0 for a value that is not finite.
    static func milliseconds(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e12 else { return "0" }
        let thousandths = Int64((value * 1000).rounded())
        let whole = thousandths / 1000, rest = abs(thousandths % 1000)
        let sign = thousandths < 0 && whole == 0 ? "-" : ""
        guard rest != 0 else { return sign + String(whole) }
        var decimals = String(rest)
        decimals = String(repeating: "0", count: 3 - decimals.count) + decimals
        while decimals.hasSuffix("0") { decimals.removeLast() }
        return sign + String(whole) + "." + decimals
    }

    /// Reads a stored document; nil when it is not one.
    init?(storedText: String) {
        guard let object = try? JSONSerialization.jsonObject(with: Data(storedText.utf8)) as? [String: Any] else { return nil }
        func spans(_ key: String) -> [Span]? {
            guard let list = object[key] as? [[Double]] else { return nil }
            return list.compactMap { $0.count == 2 ? Span(start: $0[0], length: $0[1]) : nil }
        }
        guard let agent = spans("agentSpeech"), let customer = spans("customerSpeech"), let deadAir = spans("deadAir"),
            let overtalk = spans("overtalk")
        else { return nil }
        self.init(agentSpeech: agent, customerSpeech: customer, deadAir: deadAir, overtalk: overtalk)
    }

    static let tableName = "callActivity"
    static let insertSQL = "INSERT OR REPLACE INTO callActivity (callId, activity) VALUES (?, ?)"
    static let readSQL = "SELECT activity FROM callActivity WHERE callId = ?"

    /// The call's activity, nil when none was kept (a call interrupted by a crash, or stored
    /// before this was kept) or when the stored document cannot be read.
    static func read(callId: String, _ db: Database) throws -> CallActivity? {
        guard let text = try String.fetchOne(db.cachedStatement(sql: readSQL), arguments: [callId]) else { return nil }
        return CallActivity(storedText: text)
    }
}

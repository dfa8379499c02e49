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

    static let tableName = "callActivity"
    static let insertSQL = "INSERT OR REPLACE INTO callActivity (callId, activity) VALUES (?, ?)"
    static let readSQL = "SELECT activity FROM callActivity WHERE callId = ?"

    /// The call's activity, nil when none was kept (a call interrupted by a crash, or stored
    /// before this was kept) or when the stored document cannot be read.
    static func read(callId: String, _ db: Database) throws -> CallActivity? {
        guard let text = try String.fetchOne(db.cachedStatement(sql: readSQL), arguments: [callId]) else { return nil }
        return try? JSONDecoder().decode(CallActivity.self, from: Data(text.utf8))
    }
}

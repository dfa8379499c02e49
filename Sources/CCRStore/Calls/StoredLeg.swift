import GRDB

/// One leg's network and decoding figures over the whole call, written when the call ends.
public struct StoredLeg: Sendable, Codable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "callLeg"

    public var callId: String
    /// agent or customer.
    public var leg: String
    public var codec: String
    public var packets: Int
    public var bytes: Int
    public var lost: Int
    public var duplicates: Int
    public var reordered: Int
    public var late: Int
    public var malformed: Int
    public var jitterMs: Double
    public var mos: Double?
    public var decodedSeconds: Double
    public var concealedSeconds: Double
    public var speechSeconds: Double

    /// The table's columns, in table order.
    public enum Columns: Int, RecordColumns {
        case callId, leg, codec, packets, bytes, lost, duplicates, reordered, late, malformed, jitterMs, mos, decodedSeconds,
            concealedSeconds, speechSeconds
    }

    static let insertSQL = Columns.insertOrReplaceSQL(into: databaseTableName)

    /// The row's values in `Columns` order, bound to `insertSQL`.
    var arguments: StatementArguments {
        [
            callId, leg, codec, packets, bytes, lost, duplicates, reordered, late, malformed, jitterMs, mos, decodedSeconds,
            concealedSeconds, speechSeconds,
        ]
    }

    public init(
        callId: String, leg: String, codec: String, packets: Int, bytes: Int, lost: Int, duplicates: Int,
        reordered: Int, late: Int, malformed: Int, jitterMs: Double, mos: Double?, decodedSeconds: Double,
        concealedSeconds: Double, speechSeconds: Double
    ) {
        self.callId = callId
        self.leg = leg
        self.codec = codec
        self.packets = packets
        self.bytes = bytes
        self.lost = lost
        self.duplicates = duplicates
        self.reordered = reordered
        self.late = late
        self.malformed = malformed
        self.jitterMs = jitterMs
        self.mos = mos
        self.decodedSeconds = decodedSeconds
        self.concealedSeconds = concealedSeconds
        self.speechSeconds = speechSeconds
    }
}

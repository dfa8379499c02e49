/// Transport counters of every leg of every call since ccrd started: the ended calls' final
/// counts plus the live calls' counts at the time of asking. `/metrics` exports them as counters.
public struct IngestTotals: Sendable, Equatable {
    public var callsEnded = 0
    public var packets = 0
    public var bytes = 0
    public var lost = 0
    public var late = 0
    public var duplicates = 0
    public var malformed = 0
    public var unknownPayloadType = 0
    public var decodeErrors = 0
    public var foreignSource = 0
    public var decodedSeconds = 0.0
    public var concealedSeconds = 0.0

    public init() {}

    mutating func add(_ leg: LegStatistics?) {
        guard let leg else { return }
        packets += leg.packets
        bytes += leg.bytes
        lost += leg.lost
        late += leg.late
        duplicates += leg.duplicates
        malformed += leg.malformed
        unknownPayloadType += leg.unknownPayloadType
        decodeErrors += leg.decodeErrors
        foreignSource += leg.foreignSource
        decodedSeconds += leg.decodedSeconds
        concealedSeconds += leg.concealedSeconds
    }

    mutating func add(_ call: CallSnapshot) {
        add(call.legs.agent)
        add(call.legs.customer)
    }
}

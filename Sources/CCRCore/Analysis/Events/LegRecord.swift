/// One leg of a `CallRecord`: its codec and what its transport counted.
public struct LegRecord: Sendable, Equatable {
    public var leg: Leg
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

    public init(
        leg: Leg, codec: String, packets: Int = 0, bytes: Int = 0, lost: Int = 0, duplicates: Int = 0, reordered: Int = 0,
        late: Int = 0, malformed: Int = 0, jitterMs: Double = 0, mos: Double? = nil, decodedSeconds: Double = 0,
        concealedSeconds: Double = 0, speechSeconds: Double = 0
    ) {
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

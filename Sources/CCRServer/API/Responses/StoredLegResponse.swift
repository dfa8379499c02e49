import CCRStore

/// One leg of a stored call as the API shows it: network and decoding figures over the call.
struct StoredLegResponse: Encodable, Equatable {
    var callId: String
    /// agent or customer.
    var leg: String
    var codec: String
    var packets: Int
    var bytes: Int
    var lost: Int
    var duplicates: Int
    var reordered: Int
    var late: Int
    var malformed: Int
    var jitterMs: Double
    var mos: Double?
    var decodedSeconds: Double
    var concealedSeconds: Double
    var speechSeconds: Double

    init(_ leg: StoredLeg) {
        callId = leg.callId
        self.leg = leg.leg
        codec = leg.codec
        packets = leg.packets
        bytes = leg.bytes
        lost = leg.lost
        duplicates = leg.duplicates
        reordered = leg.reordered
        late = leg.late
        malformed = leg.malformed
        jitterMs = leg.jitterMs
        mos = leg.mos
        decodedSeconds = leg.decodedSeconds
        concealedSeconds = leg.concealedSeconds
        speechSeconds = leg.speechSeconds
    }
}

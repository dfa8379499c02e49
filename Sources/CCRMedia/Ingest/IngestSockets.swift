/// The state of RTP ingest's sockets at one moment, for the health loop: how many of the static
/// lines' sockets are still open, and how many port pairs are left for new calls.
public struct IngestSockets: Sendable, Equatable {
    /// Static lines' RTP and RTCP sockets still open (a closed one no longer receives).
    public var staticOpen: Int
    public var staticTotal: Int
    /// Port pairs (RTP, RTCP) free in `ingest.rtp.portRange`.
    public var freePairs: Int
    public var pairCapacity: Int

    public init(staticOpen: Int, staticTotal: Int, freePairs: Int, pairCapacity: Int) {
        self.staticOpen = staticOpen
        self.staticTotal = staticTotal
        self.freePairs = freePairs
        self.pairCapacity = pairCapacity
    }
}

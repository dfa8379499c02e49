import CCRCore
import CCRMedia
import CCRStore
import NIOCore

/// The health loop's probes, one round at a time, each component up, degraded or down:
///
/// - `event-loops`: every event loop takes a task (a stuck loop holds the round, and the
///   watchdog); degraded when one took over `loopLag` to run it;
/// - `database`: this run's heartbeat written and read back;
/// - `rtp-ingest`: the static lines' sockets are open (down if one closed); degraded when the
///   kernel dropped over `kernelDropsPerRound` datagrams for full receive buffers since the last
///   round (overload: a stray drop is not an incident), or no port pair is left for new calls;
/// - `live-hub`: degraded when a live client's queue filled and lost events since the last
///   round, or one is over 90 % full;
/// - `store-writer`: degraded when more ended calls wait than `storage.maxUnwrittenCalls`, or
///   a write has been under way for `stuckWrite`;
/// - `disk`: free space where the state database lives.
///
/// Counters are judged by their change since the previous round, so it keeps them.
struct HealthProbes: Sendable {
    /// Every component a round reports, in the order metrics list them.
    static let components = ["database", "event-loops", "rtp-ingest", "live-hub", "store-writer", "disk"]
    /// An event loop that takes this long to run a task is lagging (packets wait as long).
    static let loopLag: Duration = .seconds(1)
    /// Datagrams the kernel may drop in a round before ingest counts as overloaded (about a
    /// second of one Opus stream).
    static let kernelDropsPerRound: UInt64 = 50
    /// A store write under way this long is a stuck writer.
    static let stuckWrite: Duration = .seconds(30)

    let store: Store
    let eventLoops: any EventLoopGroup
    let switchboard: Switchboard
    let hub: LiveHub
    let storeWriter: CallStoreWriter
    /// Whether the store writer is over `storage.maxUnwrittenCalls` (new calls are refused).
    let storeBacklogged: @Sendable () -> Bool
    /// The kernel's receive-buffer drops (replaceable in tests).
    var udpDrops: @Sendable () -> UDPReceiveDrops? = { UDPReceiveDrops.read() }

    /// The counters of the previous round.
    private var lastUDPDrops: UDPReceiveDrops?
    private var lastHubDrops: UInt64?

    init(
        store: Store, eventLoops: any EventLoopGroup, switchboard: Switchboard, hub: LiveHub, storeWriter: CallStoreWriter,
        storeBacklogged: @escaping @Sendable () -> Bool
    ) {
        self.store = store
        self.eventLoops = eventLoops
        self.switchboard = switchboard
        self.hub = hub
        self.storeWriter = storeWriter
        self.storeBacklogged = storeBacklogged
    }

    /// Runs every probe once; `run` is this run's row (nil while the database could not record it).
    mutating func round(run: Int64?) async -> [String: HealthState.Condition] {
        var components: [String: HealthState.Condition] = ["event-loops": .up, "database": .down]
        for loop in eventLoops.makeIterator() {
            let asked = ContinuousClock.now
            do {
                try await loop.submit {}.get()
                if ContinuousClock.now - asked > Self.loopLag, components["event-loops"] == .up { components["event-loops"] = .degraded }
            } catch {
                components["event-loops"] = .down
            }
        }
        if let run, (try? store.heartbeat(run: run, at: WallTime.now)) != nil {
            components["database"] = .up
        }
        let drops = udpDrops()
        components["rtp-ingest"] = Self.ingest(switchboard.sockets, kernelDrops: drops, previous: lastUDPDrops)
        lastUDPDrops = drops ?? lastUDPDrops
        let statistics = hub.statistics
        components["live-hub"] = Self.liveHub(statistics, capacity: hub.settings.clientQueue, previousDrops: lastHubDrops)
        lastHubDrops = statistics.droppedForClients
        components["store-writer"] = Self.storeWriter(backlogged: storeBacklogged(), writingFor: storeWriter.writingFor)
        components["disk"] = DiskSpace(of: store.path)?.condition ?? .down
        return components
    }

    /// RTP ingest: down when a static line's socket closed (its gateway's packets go nowhere),
    /// degraded on kernel drops since `previous` or with no port pair left.
    static func ingest(_ sockets: IngestSockets, kernelDrops: UDPReceiveDrops?, previous: UDPReceiveDrops?) -> HealthState.Condition {
        if sockets.staticOpen < sockets.staticTotal { return .down }
        if let kernelDrops, let previous, kernelDrops.count > previous.count + kernelDropsPerRound { return .degraded }
        if sockets.pairCapacity > 0 && sockets.freePairs == 0 { return .degraded }
        return .up
    }

    /// The live hub: degraded when a client lost events since `previousDrops` or a queue is
    /// over 90 % of `capacity`.
    static func liveHub(_ statistics: LiveHub.Statistics, capacity: Int, previousDrops: UInt64?) -> HealthState.Condition {
        if let previousDrops, statistics.droppedForClients > previousDrops { return .degraded }
        if statistics.deepestQueue * 10 > max(1, capacity) * 9 { return .degraded }
        return .up
    }

    /// The store writer: degraded over its backlog or with a write stuck for `stuckWrite`.
    static func storeWriter(backlogged: Bool, writingFor: Duration?) -> HealthState.Condition {
        if backlogged { return .degraded }
        if let writingFor, writingFor >= stuckWrite { return .degraded }
        return .up
    }
}

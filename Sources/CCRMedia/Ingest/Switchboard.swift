import CCRCore
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix

/// Where live calls are: it allocates ports, binds each call's sockets on one event loop,
/// keeps the table of live calls and the recently ended ones, and runs the static lines.
///
/// All of a call's sockets live on the same event loop as its session, so a packet is parsed,
/// decoded and analysed on the thread that read it. The table is touched once per call
/// start, end or API read, never per packet.
public final class Switchboard: Sendable {
    /// A live call as the table knows it (its loop, session, sockets, ports, owner).
    struct Entry: Sendable {
        var loop: any EventLoop
        var session: NIOLoopBound<CallSession>
        /// Sockets the call owns (none for static lines, whose sockets outlive calls).
        var channels: [any Channel]
        /// Even ports reserved from the pool.
        var ports: [Int]
        /// The token that started it through the API; nil for static lines.
        var owner: String? = nil
        /// Started through the API (counted against `ingest.maxCalls`).
        var fromAPI = false
        /// PulseAudio record streams the call owns, stopped when it ends.
        var captures: [PulseCapture] = []
    }

    struct State: Sendable {
        var live: [String: Entry] = [:]
        /// Calls being set up, with the token that asked.
        var starting: [String: String?] = [:]
        var ended: EndedCalls
        var pool: PortPool
        var lineChannels: [any Channel] = []
        var lines: [(loop: any EventLoop, line: NIOLoopBound<StaticLine>)] = []
        /// The ended calls' counters, summed.
        var endedTotals = IngestTotals()
        /// PulseAudio servers by address ("" for the default), connected on first use.
        var pulseServers: [String: PulseServer] = [:]
        /// Automatic PulseAudio lines (`ingest.pulse.autoCalls`).
        var stations: [(loop: any EventLoop, station: NIOLoopBound<PulseStation>)] = []
    }

    private let currentSettings: NIOLockedValueBox<IngestSettings>
    /// What calls starting now get; `reload` changes it.
    public var settings: IngestSettings { currentSettings.withLockedValue { $0 } }
    let group: any EventLoopGroup
    let logger: Logger
    /// Where every call's events go (called on the call's event loop): `callOpened` once it is
    /// live, its analysis events, `callClosed` when it has ended.
    let events: @Sendable (CallEvent) -> Void
    let state: NIOLockedValueBox<State>

    /// `events` receives each call's events, a few per second per call, on the call's event
    /// loop; by default they are logged at debug level.
    public init(
        settings: IngestSettings, group: any EventLoopGroup, logger: Logger, events: (@Sendable (CallEvent) -> Void)? = nil
    ) {
        self.currentSettings = NIOLockedValueBox(settings)
        self.group = group
        self.logger = logger
        self.events = events ?? { [logger] event in
            logger.debug(
                "analysis event",
                metadata: ["call.id": "\(event.callId)", "event.type": "\(event.type)", "event.mediaTime": "\(event.mediaTime)"])
        }
        self.state = NIOLockedValueBox(
            State(ended: EndedCalls(capacity: settings.keepEndedCalls), pool: PortPool(range: settings.portRange)))
    }

    // MARK: Calls started by the API

    /// Takes the parts of `new` that can change while running (analysis, alert rules and
    /// scorecard, RTP learning and limits, call limits, timeouts for new calls) and returns the
    /// keys that differ but need a restart (addresses, ports, static lines, socket sizes).
    /// Calls already live keep what they started with.
    public func reload(_ new: IngestSettings) -> [String] {
        currentSettings.withLockedValue { current in
            var next = new
            var needsRestart: [String] = []
            // What sockets and tables were built from stays as it is until a restart.
            func keep<Value: Equatable>(_ key: String, _ path: WritableKeyPath<IngestSettings, Value>) {
                if new[keyPath: path] != current[keyPath: path] { needsRestart.append(key) }
                next[keyPath: path] = current[keyPath: path]
            }
            // Whether calls are cut into utterances follows the transcription engine started with ccrd.
            next.analysis.utterances = current.analysis.utterances
            keep("ingest.rtp.bindAddress", \.bindAddress)
            keep("ingest.rtp.portRange", \.portRange)
            keep("agents", \.staticLines)
            keep("ingest.rtp.receiveBufferBytes", \.receiveBufferBytes)
            keep("ingest.rtp.vectorReadCount", \.vectorReadCount)
            keep("ingest.keepEndedCalls", \.keepEndedCalls)
            // Automatic lines record from start to stop.
            keep("ingest.pulse.autoCalls", \.pulseAutoCalls)
            if current.pulseAutoCalls {
                keep("agents[].pulse", \.pulseLines)
                keep("ingest.pulse.server", \.pulseServer)
                keep("ingest.pulse.idleTimeout", \.pulseIdleTimeout)
            }
            current = next
            return needsRestart
        }
    }

    /// Allocates ports for each leg, binds them and starts receiving. Returns the live call.
    public func startCall(_ request: CallRequest) async throws(IngestError) -> CallSnapshot {
        let settings = self.settings
        if request.pulse {
            guard let line = settings.pulseLines.first(where: { $0.agentId == request.agentId }) else {
                throw .noPulseLine(agentId: request.agentId)
            }
            guard !settings.pulseAutoCalls else { throw .automaticPulseLine(agentId: request.agentId) }
            return try await startPulseCall(request, line: line, defaultServer: settings.pulseServer)
        }
        try claim(request, settings: settings)
        defer { _ = state.withLockedValue { $0.starting.removeValue(forKey: request.callId) } }

        let loop = group.next()
        let identity = CallSession.Identity(
            callId: request.callId, agentId: request.agentId, team: request.team, isStatic: false,
            callerNumber: request.callerNumber)
        let legs = request.legs.mapValues { settings.legSettings(codec: $0, source: request.source) }
        let bound: NIOLoopBound<RTPCall>
        let session: NIOLoopBound<CallSession>
        do {
            (bound, session) = try await loop.submit { [self] in
                let call = try RTPCall(identity: identity, legs: legs, idleTimeout: settings.idleTimeout, analysis: settings.analysis,
                    placementWait: settings.placementWait, onEvent: events) {
                    [self] snapshot in retire(snapshot)
                }
                return (NIOLoopBound(call, eventLoop: loop), NIOLoopBound(call.session, eventLoop: loop))
            }.get()
        } catch {
            throw .decoderUnavailable("\(error)")
        }

        var channels: [any Channel] = []
        var ports: [Int] = []
        do throws(IngestError) {
            for leg in Leg.allCases where request.legs[leg] != nil {
                let (port, pair) = try await bindPair(leg: leg, on: loop, target: bound)
                ports.append(port)
                channels.append(contentsOf: pair)
                try? await loop.submit { bound.value.setPort(port, for: leg) }.get()
            }
        } catch {
            for channel in channels { try? await channel.close() }
            state.withLockedValue { state in for port in ports { state.pool.release(port) } }
            throw error
        }

        let snapshot = try await goLive(
            Entry(loop: loop, session: session, channels: channels, ports: ports, owner: request.owner, fromAPI: true), request: request)
        logger.debug(
            "call started",
            metadata: ["call.id": "\(request.callId)", "agent.id": "\(request.agentId)", "rtp.ports": "\(ports)"])
        return snapshot
    }

    /// Puts a set-up call in the table, starts its clock and publishes `callOpened`; its live
    /// snapshot. A call that ended during setup (a BYE before it was in the table, or the loop
    /// stopping) is retired, and the start fails.
    func goLive(_ entry: Entry, request: CallRequest) async throws(IngestError) -> CallSnapshot {
        state.withLockedValue { $0.live[request.callId] = entry }
        let (session, loop, publish) = (entry.session, entry.loop, events)
        let snapshot = try? await loop.submit {
            let snapshot = session.value.snapshot()
            if !session.value.isEnded {
                session.value.startTicking(on: loop, bound: session)
                // On the call's loop, so it comes before any event of the call that follows.
                publish(.callOpened(snapshot.record))
            }
            return snapshot
        }.get()
        guard let snapshot, snapshot.state == .live else {
            if let snapshot {
                retire(snapshot)
            } else {
                // The loop is stopping: the session could not say how it ended; this stands for it.
                let placeholder = CallSnapshot.placeholder(for: request)
                publish(.callClosed(placeholder.record))
                retire(placeholder)
            }
            throw .callEndedDuringSetup(request.callId)
        }
        return snapshot
    }

    /// Reserves `request`'s call id against duplicates and the call limits (released by the
    /// caller once the call is in the table or has failed).
    func claim(_ request: CallRequest, settings: IngestSettings) throws(IngestError) {
        let claimed = state.withLockedValue { state -> IngestError? in
            // An id names one call for good: live, starting, or recently ended (the store may not
            // have it yet; the API checks the store too).
            guard state.live[request.callId] == nil, state.starting[request.callId] == nil,
                state.ended[request.callId] == nil
            else { return .duplicateCall(request.callId) }
            // Calls an outsider can open are bounded: in all, and per token.
            let open = state.live.values.filter(\.fromAPI).count + state.starting.count
            if open >= settings.maxCalls { return .tooManyCalls(limit: settings.maxCalls) }
            let owned = state.live.values.filter { $0.fromAPI && $0.owner == request.owner }.count
                + state.starting.values.filter { $0 == request.owner }.count
            if owned >= settings.maxCallsPerToken { return .tooManyCallsForToken(limit: settings.maxCallsPerToken) }
            state.starting[request.callId] = .some(request.owner)
            return nil
        }
        if let refusal = claimed { throw refusal }
    }

    /// Binds an RTP port and the RTCP port after it, trying further pairs when one is taken.
    private func bindPair(
        leg: Leg, on loop: any EventLoop, target: NIOLoopBound<RTPCall>
    ) async throws(IngestError) -> (Int, [any Channel]) {
        let attempts = min(64, state.withLockedValue { $0.pool.capacity })
        var lastError: IngestError = .noFreePort(range: settings.portRange)
        for _ in 0..<attempts {
            guard let port = state.withLockedValue({ $0.pool.reserve() }) else {
                throw .noFreePort(range: settings.portRange)
            }
            do throws(IngestError) {
                let rtp = try await bind(port: port, leg: leg, on: loop, target: { target.value }, vector: true)
                do throws(IngestError) {
                    let rtcp = try await bind(port: port + 1, leg: leg, on: loop, target: { target.value }, vector: false)
                    return (port, [rtp, rtcp])
                } catch {
                    try? await rtp.close()
                    throw error
                }
            } catch {
                // Taken by another process: give it back; the round robin moves on past it.
                state.withLockedValue { $0.pool.release(port) }
                lastError = error
                logger.debug("RTP port unavailable", metadata: ["rtp.port": "\(port)", "error": "\(error)"])
            }
        }
        throw lastError
    }

    private func bind(
        port: Int, leg: Leg, on loop: any EventLoop, target: @escaping @Sendable () -> any DatagramTarget,
        vector: Bool
    ) async throws(IngestError) -> any Channel {
        let logger = self.logger
        let count = vector ? max(1, settings.vectorReadCount) : 1
        var bootstrap = DatagramBootstrap(group: loop)
            .channelOption(.socketOption(.so_rcvbuf), value: SocketOptionValue(settings.receiveBufferBytes))
            .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: count * 2048))
        if count > 1 {
            bootstrap = bootstrap.channelOption(.datagramVectorReadMessageCount, value: count)
        }
        do {
            return try await bootstrap.channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(
                        LegChannelHandler(target: target(), leg: leg, logger: logger))
                }
            }
            .bind(host: settings.bindAddress, port: port).get()
        } catch {
            throw .bindFailed(address: settings.bindAddress, port: port, reason: "\(error)")
        }
    }

    /// Removes an ended call from the live table, keeps its final state, closes its sockets.
    func retire(_ snapshot: CallSnapshot) {
        let live = state.withLockedValue { state -> Entry? in
            state.ended.insert(snapshot)
            let entry = state.live.removeValue(forKey: snapshot.callId)
            if entry != nil {
                state.endedTotals.add(snapshot)
                state.endedTotals.callsEnded += 1
            }
            return entry
        }
        logger.debug(
            "call ended",
            metadata: ["call.id": "\(snapshot.callId)", "call.endReason": "\(snapshot.endReason?.rawValue ?? "")"])
        for capture in live?.captures ?? [] { capture.stop() }
        guard let live, !live.channels.isEmpty else { return }
        let closes = live.channels.map { $0.close() }
        EventLoopFuture.andAllComplete(closes, on: live.loop).whenComplete { [state] _ in
            state.withLockedValue { state in for port in live.ports { state.pool.release(port) } }
        }
    }

    /// Adds a call a static line started.
    func register(_ callId: String, loop: any EventLoop, session: NIOLoopBound<CallSession>) {
        state.withLockedValue { $0.live[callId] = Entry(loop: loop, session: session, channels: [], ports: []) }
        events(.callOpened(session.value.snapshot().record))
        logger.debug("call started on static line", metadata: ["call.id": "\(callId)"])
    }

    /// Callback for sessions, so a static line's sessions retire like the others.
    func retirement() -> @Sendable (CallSnapshot) -> Void {
        { [self] snapshot in retire(snapshot) }
    }

    // MARK: Reading and ending

    /// Ends a live call now; nil when no such call is live.
    public func endCall(_ id: String, reason: EndReason = .api) async -> CallSnapshot? {
        guard let live = state.withLockedValue({ $0.live[id] }) else { return nil }
        return try? await live.loop.submit { live.session.value.end(reason) }.get()
    }

    /// A live or recently ended call.
    public func call(_ id: String) async -> CallSnapshot? {
        let (live, ended) = state.withLockedValue { ($0.live[id], $0.ended[id]) }
        if let live, let snapshot = try? await live.loop.submit({ live.session.value.snapshot() }).get() {
            return snapshot
        }
        return ended ?? state.withLockedValue { $0.ended[id] }
    }

    /// Every live call, oldest first.
    /// Every leg's transport counters since start: ended calls plus the live ones now.
    public func totals() async -> IngestTotals {
        var totals = state.withLockedValue { $0.endedTotals }
        for call in await liveCalls() { totals.add(call) }
        return totals
    }

    public func liveCalls() async -> [CallSnapshot] {
        let calls = state.withLockedValue { Array($0.live.values) }
        var snapshots: [CallSnapshot] = []
        for live in calls {
            if let snapshot = try? await live.loop.submit({ live.session.value.snapshot() }).get(),
                snapshot.state == .live
            {
                snapshots.append(snapshot)
            }
        }
        return snapshots.sorted { $0.startedAt < $1.startedAt }
    }

    /// Forgets the recently ended calls of an agent or a caller (erasure); returns how many.
    @discardableResult
    public func forgetEnded(agentId: String? = nil, callerNumber: String? = nil) -> Int {
        state.withLockedValue { state in
            state.ended.removeAll { call in
                (agentId != nil && call.agentId == agentId) || (callerNumber != nil && call.callerNumber == callerNumber)
            }
        }
    }

    /// Whether a recently ended call matches `predicate` (erasure checks).
    public func holdsEnded(where predicate: (CallSnapshot) -> Bool) -> Bool {
        state.withLockedValue { $0.ended.contains(where: predicate) }
    }

    /// Number of live calls.
    public var liveCount: Int { state.withLockedValue { $0.live.count } }

    /// What the health loop checks of ingest's sockets: the static lines' sockets still open,
    /// and the port pairs left for calls started through the API.
    public var sockets: IngestSockets {
        state.withLockedValue { state in
            IngestSockets(
                staticOpen: state.lineChannels.filter(\.isActive).count, staticTotal: state.lineChannels.count,
                freePairs: state.pool.free, pairCapacity: state.pool.capacity)
        }
    }

    // MARK: Static lines and shutdown

    /// Binds the ports of every static line in the configuration.
    public func openStaticLines() async throws(IngestError) {
        for line in settings.staticLines {
            let loop = group.next()
            let target: NIOLoopBound<StaticLine>
            do {
                target = try await loop.submit { [self] in
                    NIOLoopBound(StaticLine(settings: line, switchboard: self, loop: loop), eventLoop: loop)
                }.get()
            } catch {
                throw .bindFailed(address: settings.bindAddress, port: line.agentPort, reason: "\(error)")
            }
            state.withLockedValue { $0.lines.append((loop, target)) }
            for (leg, port) in [(Leg.agent, line.agentPort), (.customer, line.customerPort)] {
                let rtp = try await bind(port: port, leg: leg, on: loop, target: { target.value }, vector: true)
                state.withLockedValue { $0.lineChannels.append(rtp) }
                let rtcp = try await bind(port: port + 1, leg: leg, on: loop, target: { target.value }, vector: false)
                state.withLockedValue { $0.lineChannels.append(rtcp) }
            }
            logger.info(
                "static line open",
                metadata: [
                    "agent.id": "\(line.agentId)", "rtp.agentPort": "\(line.agentPort)",
                    "rtp.customerPort": "\(line.customerPort)",
                ])
        }
    }

    /// Ends every live call with `reason` and closes the static lines' sockets.
    public func closeAll(reason: EndReason = .shutdown) async {
        // Static and automatic lines first, so that no new call starts.
        let (lines, stations) = state.withLockedValue { ($0.lines, $0.stations) }
        for entry in lines {
            _ = try? await entry.loop.submit { entry.line.value.close(reason: reason) }.get()
        }
        for entry in stations {
            _ = try? await entry.loop.submit { entry.station.value.close(reason: reason) }.get()
        }
        let calls = state.withLockedValue { Array($0.live.values) }
        for live in calls {
            _ = try? await live.loop.submit { live.session.value.end(reason) }.get()
        }
        let channels = state.withLockedValue { state -> [any Channel] in
            defer { state.lineChannels = [] }
            return state.lineChannels
        }
        for channel in channels { try? await channel.close() }
    }
}

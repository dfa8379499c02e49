import CCRCore
import Dispatch
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// Calls captured from an agent's PulseAudio line, in the same table as RTP calls: the same id
/// rules and limits, the same events and end.
extension Switchboard {
    /// Starts a call whose legs are `line`'s two sources on its server (connected on first
    /// use; `defaultServer` when the line names none). Capture runs until the call ends.
    public func startPulseCall(_ request: CallRequest, line: PulseLine, defaultServer: String? = nil) async throws(IngestError) -> CallSnapshot {
        let settings = self.settings
        try claim(request, settings: settings)
        defer { _ = state.withLockedValue { $0.starting.removeValue(forKey: request.callId) } }
        let server = pulseServer(line.server ?? defaultServer)
        // Connecting and opening streams wait on the server (up to seconds): off the event loops
        // and the cooperative pool.
        let loop = group.next()
        let identity = CallSession.Identity(
            callId: request.callId, agentId: request.agentId, team: request.team ?? line.team, isStatic: false,
            callerNumber: request.callerNumber, source: "pulse")
        let events = self.events
        let (bound, session) = try await {
            () async throws(IngestError) -> (NIOLoopBound<PulseCall>, NIOLoopBound<CallSession>) in
            do {
                return try await loop.submit { [self] in
                    let call = PulseCall(
                        identity: identity, line: PulseLine(agentId: line.agentId, server: server.address, agentSource: line.agentSource,
                            customerSource: line.customerSource),
                        idleTimeout: settings.idleTimeout, analysis: settings.analysis, onEvent: events) { [self] snapshot in retire(snapshot) }
                    return (NIOLoopBound(call, eventLoop: loop), NIOLoopBound(call.session, eventLoop: loop))
                }.get()
            } catch {
                throw .callEndedDuringSetup(request.callId)
            }
        }()
        let captures: [PulseCapture]
        do {
            captures = try await Self.offLoop { () throws(PulseError) -> [PulseCapture] in
                try server.connect()
                let agent = try server.capture(source: line.agentSource, received: PulseCall.feed(bound, leg: .agent, on: loop))
                do throws(PulseError) {
                    let customer = try server.capture(source: line.customerSource, received: PulseCall.feed(bound, leg: .customer, on: loop))
                    return [agent, customer]
                } catch {
                    agent.stop()
                    throw error
                }
            }
        } catch {
            // Nothing was published yet: like an RTP call whose ports would not bind, the
            // session is dropped unstarted.
            throw .pulse(error)
        }
        let logger = self.logger
        _ = try? await loop.submit {
            bound.value.agent.attach(captures[0], owned: true)
            bound.value.customer.attach(captures[1], owned: true)
            for (leg, source) in [(Leg.agent, line.agentSource), (.customer, line.customerSource)] {
                let reopen = Self.reopener(
                    server: server, source: source, received: PulseCall.feed(bound, leg: leg, on: loop), on: loop,
                    metadata: ["call.id": "\(request.callId)"], logger: logger
                ) { capture in bound.value.reopened(capture, leg: leg) }
                if leg == .agent { bound.value.agent.reopen = reopen } else { bound.value.customer.reopen = reopen }
            }
        }.get()
        // Ending it stops its captures (`retire`).
        let snapshot = try await goLive(
            Entry(loop: loop, session: session, channels: [], ports: [], owner: request.owner, fromAPI: true, captures: captures), request: request)
        logger.debug(
            "pulse call started",
            metadata: ["call.id": "\(request.callId)", "pulse.server": "\(server.name)", "pulse.agentSource": "\(line.agentSource)"])
        return snapshot
    }

    /// What a leg (or an automatic line) calls to have its stream opened: connects (again) and
    /// opens `source` off the loop, blocks going to `received`, then hands the new stream (nil:
    /// not this time) to `opened` on `loop`, which says whether it was taken. Logs a loss once
    /// per outage (at its first attempt) and the return; with `opening`, the first attempts
    /// open the stream for the first time: their failure is logged once, not a loss.
    static func reopener(
        server: PulseServer, source: String, received: @escaping @Sendable ([Int16]) -> Void, on loop: any EventLoop,
        metadata: Logger.Metadata, logger: Logger, opening: Bool = false, opened: @escaping @Sendable (PulseCapture?) -> Bool
    ) -> @Sendable () -> Void {
        enum Stream { case opening, up, down }
        let stream = NIOLockedValueBox(opening ? Stream.opening : .up)
        var metadata = metadata
        metadata["pulse.server"] = "\(server.name)"
        metadata["pulse.source"] = "\(source)"
        let context = metadata
        return {
            if stream.withLockedValue({ $0 }) == .up {
                stream.withLockedValue { $0 = .down }
                logger.warning("PulseAudio capture lost; reconnecting with backoff", metadata: context)
            }
            DispatchQueue.global().async {
                let result = Result { () throws(PulseError) in try Self.open(server: server, source: source, received: received, timeout: .seconds(2)) }
                loop.execute {
                    let before = stream.withLockedValue { $0 }
                    if opened(try? result.get()) {
                        stream.withLockedValue { $0 = .up }
                        if before == .opening {
                            logger.info("PulseAudio capture open", metadata: context)
                        } else {
                            logger.notice("PulseAudio capture resumed", metadata: context)
                        }
                    } else if before == .opening, case .failure(let error) = result {
                        stream.withLockedValue { $0 = .down }
                        var metadata = context
                        metadata["error"] = "\(error)"
                        logger.warning("PulseAudio capture cannot open; retrying with backoff", metadata: metadata)
                    }
                }
            }
        }
    }

    /// Connects to `server` if need be and opens a record stream on `source` (blocking).
    static func open(
        server: PulseServer, source: String, received: @escaping @Sendable ([Int16]) -> Void, timeout: Duration
    ) throws(PulseError) -> PulseCapture {
        try server.connect(timeout: timeout)
        return try server.capture(source: source, received: received, timeout: timeout)
    }

    /// The connection to `address` ("" or nil: the default), made once and shared by every call.
    func pulseServer(_ address: String?) -> PulseServer {
        state.withLockedValue { state in
            let key = address ?? ""
            if let server = state.pulseServers[key] { return server }
            let server = PulseServer(address: address)
            state.pulseServers[key] = server
            return server
        }
    }

    /// Runs blocking libpulse setup on a dispatch queue and waits for it.
    static func offLoop<T: Sendable>(_ body: @escaping @Sendable () throws(PulseError) -> T) async throws(PulseError) -> T {
        let result: Result<T, PulseError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                do throws(PulseError) {
                    continuation.resume(returning: .success(try body()))
                } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}

extension Switchboard {
    /// What checking the configured PulseAudio lines found: sources missing on servers that
    /// answered (a configuration mistake), and servers that did not answer (a workstation may
    /// be off; its calls fail until it is on).
    public struct PulseLineCheck: Sendable {
        public var missing: [PulseError] = []
        public var unreachable: [PulseError] = []
    }

    /// Connects to every server `settings`' PulseAudio lines name (at once, `timeout` each) and
    /// checks that their sources exist.
    public func checkPulseLines(_ settings: IngestSettings, timeout: Duration = .seconds(2)) async -> PulseLineCheck {
        var byServer: [String: [String]] = [:]
        for line in settings.pulseLines {
            byServer[line.server ?? settings.pulseServer ?? "", default: []] += [line.agentSource, line.customerSource]
        }
        let results = await withTaskGroup(of: Result<[PulseError], PulseError>.self) { group in
            for (address, sources) in byServer {
                let server = pulseServer(address.isEmpty ? nil : address)
                group.addTask {
                    do throws(PulseError) {
                        let names = try await Self.offLoop { () throws(PulseError) -> [String] in
                            try server.connect(timeout: timeout)
                            return try server.sourceNames(timeout: timeout)
                        }
                        return .success(
                            Set(sources).subtracting(names).sorted().map { .noSuchSource(server: server.name, source: $0, available: names.sorted()) })
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var all: [Result<[PulseError], PulseError>] = []
            for await result in group { all.append(result) }
            return all
        }
        var check = PulseLineCheck()
        for result in results {
            switch result {
            case .success(let missing): check.missing += missing
            case .failure(let error): check.unreachable.append(error)
            }
        }
        return check
    }
}

extension Switchboard {
    /// With `ingest.pulse.autoCalls`, starts listening on every PulseAudio line: each records
    /// its two sources until ccrd stops and opens and ends its calls by itself (`PulseStation`).
    /// A server that does not answer yet is tried again with backoff.
    public func openPulseStations() async {
        let settings = self.settings
        guard settings.pulseAutoCalls else { return }
        let stationSettings = PulseStation.Settings(idleTimeout: settings.pulseIdleTimeout)
        for line in settings.pulseLines {
            let loop = group.next()
            let server = pulseServer(line.server ?? settings.pulseServer)
            let logger = self.logger
            guard
                let bound = try? await loop.submit({ [self] in
                    let station = PulseStation(line: line, server: server, switchboard: self, loop: loop, settings: stationSettings, logger: logger)
                    let bound = NIOLoopBound(station, eventLoop: loop)
                    station.start(bound)
                    return bound
                }).get()
            else { continue }
            state.withLockedValue { $0.stations.append((loop, bound)) }
            logger.info(
                "PulseAudio line listening: its calls start on speech",
                metadata: [
                    "agent.id": "\(line.agentId)", "pulse.server": "\(server.name)",
                    "pulse.idleTimeout": "\(settings.pulseIdleTimeout)",
                ])
        }
    }
}

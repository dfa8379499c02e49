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
            bound.value.agent.recorder = captures[0]
            bound.value.customer.recorder = captures[1]
            for (leg, source) in [(Leg.agent, line.agentSource), (.customer, line.customerSource)] {
                let reopen = Self.reopener(server: server, source: source, call: bound, leg: leg, on: loop, callId: request.callId, logger: logger)
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

    /// What a leg calls to have its stream opened again after the server went away: connects
    /// (again) and opens the source off the loop, then hands the outcome to the call. Logs the
    /// loss once and the return once.
    static func reopener(
        server: PulseServer, source: String, call: NIOLoopBound<PulseCall>, leg: Leg, on loop: any EventLoop, callId: String, logger: Logger
    ) -> @Sendable () -> Void {
        let logged = NIOLockedValueBox(false)
        return {
            if !logged.withLockedValue({ $0 }) {
                logged.withLockedValue { $0 = true }
                logger.warning(
                    "PulseAudio capture lost; reconnecting with backoff",
                    metadata: ["call.id": "\(callId)", "pulse.server": "\(server.name)", "pulse.source": "\(source)"])
            }
            DispatchQueue.global().async {
                var capture: PulseCapture?
                do {
                    try server.connect(timeout: .seconds(2))
                    capture = try server.capture(source: source, received: PulseCall.feed(call, leg: leg, on: loop), timeout: .seconds(2))
                } catch {
                    capture = nil
                }
                loop.execute {
                    if call.value.reopened(capture, leg: leg) {
                        logged.withLockedValue { $0 = false }
                        logger.notice(
                            "PulseAudio capture resumed",
                            metadata: ["call.id": "\(callId)", "pulse.server": "\(server.name)", "pulse.source": "\(source)"])
                    }
                }
            }
        }
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

import CCRCore
import NIOCore
import Synchronization

/// What the hub forgets when a person is erased.
extension LiveHub {
    /// Forgets what the hub keeps about an erased agent's ended calls: their events in the replay
    /// buffer and in clients' queues are never sent again. Events of the agent's calls that are
    /// still live stay, as the stored call does (erase again once it has ended). Returns the
    /// number of buffered events forgotten.
    @discardableResult
    public func forget(agentId: String) -> Int {
        state.withLock { state in
            // Ended calls waiting for the store are ended: their `call.ended` is not sent.
            for (callId, _) in state.awaitingCommit where state.calls[callId]?.agentId == agentId {
                state.awaitingCommit[callId] = nil
                state.heldAfterEnd[callId] = nil
                state.calls[callId] = nil
            }
            state.ended = state.ended.filter { $0.value.agentId != agentId }
            state.endedOrder.removeAll { state.ended[$0] == nil }
            let live = state.liveCalls(of: agentId)
            var forgotten = 0
            var index = state.ring.startIndex
            while index != state.ring.endIndex {
                if !state.ring[index].erased && state.ring[index].isAbout(agentId, exceptCalls: live) {
                    state.ring[index].erase()
                    forgotten += 1
                }
                index = state.ring.index(after: index)
            }
            state.recentAlerts.removeAll { $0.isAbout(agentId, exceptCalls: live) }
            for id in Array(state.subscribers.keys) { state.subscribers[id]?.discard { $0.isAbout(agentId, exceptCalls: live) } }
            return forgotten
        }
    }

    /// Whether events of an agent's ended calls are still buffered or queued for a client.
    public func holdsEvents(ofAgent agentId: String) -> Bool {
        state.withLock { state in
            let live = state.liveCalls(of: agentId)
            return state.ended.values.contains { $0.agentId == agentId }
                || state.ring.contains { !$0.erased && $0.isAbout(agentId, exceptCalls: live) }
                || state.recentAlerts.contains { $0.isAbout(agentId, exceptCalls: live) }
                || state.subscribers.values.contains { $0.holds { $0.isAbout(agentId, exceptCalls: live) } }
        }
    }
}

import CCRCore
import NIOCore

/// Which utterances of each call are still to be transcribed, so the service can say how far each
/// leg has come (`TranscriptProgress`): everything of a leg that ended before the first
/// utterance still waiting — or, with none waiting, before the end of the last one done — is
/// transcribed or given up. A call leaves the ledger once it is closed with nothing left.
struct TranscriptionLedger {
    private struct Call {
        var agentId: String
        /// Starts of the utterances not done yet, per leg.
        var waiting: [Leg: [Double]] = [:]
        var lastEnd: [Leg: Double] = [:]
        var closed = false

        var isDone: Bool { closed && waiting.values.allSatisfy(\.isEmpty) }
    }

    private var calls: [String: Call] = [:]
    /// Calls in the order they came (ids of calls gone are skipped when met).
    private var order = CircularBuffer<String>()
    /// Calls followed at most (one per live call, and closed ones still transcribing): past it the
    /// oldest go, and their progress is no longer told (the phrase listener then sums them up
    /// after its own wait, steps not found counted as not heard).
    static let maxCalls = 100_000

    var count: Int { calls.count }

    mutating func added(_ utterance: Utterance) {
        if calls[utterance.callId] == nil {
            while calls.count >= Self.maxCalls, let oldest = order.popFirst() { calls[oldest] = nil }
            order.append(utterance.callId)
            // Ids of calls already gone pile up only until the buffer is tidied here.
            if order.count > 2 * Self.maxCalls { order = CircularBuffer(order.filter { calls[$0] != nil }) }
        }
        calls[utterance.callId, default: Call(agentId: utterance.agentId)].waiting[utterance.leg, default: []].append(utterance.start)
    }

    /// An utterance is transcribed, found silent or given up: how far its leg has come now.
    mutating func done(callId: String, leg: Leg, start: Double, end: Double) -> TranscriptProgress? {
        guard var call = calls[callId] else { return nil }
        if let index = call.waiting[leg]?.firstIndex(of: start) { call.waiting[leg]?.remove(at: index) }
        call.lastEnd[leg] = max(call.lastEnd[leg] ?? 0, end)
        let progress = TranscriptProgress(
            callId: callId, leg: leg, through: call.waiting[leg]?.min() ?? call.lastEnd[leg] ?? end, finished: call.isDone)
        calls[callId] = call.isDone ? nil : call
        return progress
    }

    /// The call is closed: its final progress when nothing of it is left (else it comes with the
    /// last utterance done).
    mutating func closed(callId: String) -> TranscriptProgress? {
        var call = calls[callId] ?? Call(agentId: "")
        call.closed = true
        guard call.isDone else {
            calls[callId] = call
            return nil
        }
        calls[callId] = nil
        let leg: Leg = call.lastEnd[.agent] != nil || call.lastEnd[.customer] == nil ? .agent : .customer
        return TranscriptProgress(callId: callId, leg: leg, through: call.lastEnd[leg] ?? 0, finished: true)
    }

    /// An agent erased: their calls are no longer followed.
    mutating func forget(agentId: String) {
        calls = calls.filter { $0.value.agentId != agentId }
    }
}

import CCRCore
import NIOCore
import Synchronization

/// The hub as a peer of the event stream: `call.ended` waits for the store writer's commit.
extension LiveHub {
    /// An event of the stream: published at once, except the end of a call (`callClosed`, or a
    /// bare `callEnded`), whose `call.ended` waits for the store to commit the call (`committed`),
    /// so a client that saw it can always read the call back. `callOpened` is for the store only.
    public func receive(_ event: CallEvent) {
        switch event {
        case .callOpened:
            return
        case .callClosed(let record):
            guard let summary = record.summary else { return }
            holdUntilCommitted(.callEnded(summary))
        case .callEnded:
            holdUntilCommitted(event)
        case .callPhrases:
            // What was said comes after the call's end: held while its `call.ended` waits for the store.
            let held = state.withLock { state in
                guard state.awaitingCommit[event.callId] != nil else { return false }
                state.heldAfterEnd[event.callId, default: []].append(event)
                return true
            }
            if !held { publish(event) }
        case .callStarted, .windowScored, .alertRaised, .alertCleared, .agitationEpisode, .transcriptSegment, .phraseDetected:
            publish(event)
        case .utterance, .transcriptGap, .transcriptProgress:
            return  // for the transcriber and the transcript writer only
        }
    }

    /// A call's `call.ended`, to go out once the store has the call — at once when the store
    /// was quicker than this hub's turn on the stream.
    private func holdUntilCommitted(_ ended: CallEvent) {
        let alreadyCommitted = state.withLock { state in
            guard state.committedEarly.remove(ended.callId) == nil else { return true }
            state.awaitingCommit[ended.callId] = ended
            return false
        }
        if alreadyCommitted { publish(ended) }
    }

    /// The store committed an ended call: its `call.ended` goes out now, then what was held after it.
    public func committed(callId: String) {
        let (ended, held) = state.withLock { state in
            let ended = state.awaitingCommit.removeValue(forKey: callId)
            // The store writer is the stream's first peer: it may commit before the hub has seen the end.
            if ended == nil { state.rememberCommitted(callId) }
            return (ended, state.heldAfterEnd.removeValue(forKey: callId) ?? [])
        }
        if let ended { publish(ended) }
        for event in held { publish(event) }
    }

    /// The store will never have this call (its data was refused, or its person erased before it
    /// was written): its `call.ended` is dropped and the call leaves the live picture.
    public func abandoned(callId: String) {
        state.withLock { state in
            state.awaitingCommit[callId] = nil
            state.heldAfterEnd[callId] = nil
            state.calls[callId] = nil
        }
    }

    /// Ended calls whose `call.ended` waits for the store.
    public var awaitingCommit: Int { state.withLock { $0.awaitingCommit.count } }
}

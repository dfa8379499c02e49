import CCRCore

/// A peer of the event stream: the live hub, the store writer, and next metrics and the SLA
/// monitor. None is downstream of another.
///
/// `receive` runs on the calls' event loops, for every event of every call: it must not block
/// or do I/O. It takes a lock, puts the event in its own bounded buffer (counting what it drops)
/// or into its batch, and returns; its own task does the slow part.
public protocol CallEventSubscriber: SubjectForgetting {
    func receive(_ event: CallEvent)
}

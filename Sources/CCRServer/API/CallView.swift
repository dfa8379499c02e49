import CCRMedia
import CCRStore
import Hummingbird

/// `GET /v1/calls/{id}`: the stored call with its timeline, alerts and reviews, and, while the
/// switchboard still holds it, its live state (`live`). Either part may be missing: a call not
/// yet checkpointed has no stored part; a call from an earlier run has no live part.
struct CallView: ResponseEncodable {
    var call: StoredCall?
    var legs: [StoredLeg]
    var timeline: [TimelineWindow]
    var alerts: [StoredAlert]
    var reviews: [Review]
    var live: LiveCallResponse?

    init(stored: CallDetail?, live: CallSnapshot?) {
        call = stored?.call
        legs = stored?.legs ?? []
        timeline = stored?.timeline ?? []
        alerts = stored?.alerts ?? []
        reviews = stored?.reviews ?? []
        self.live = live.map(LiveCallResponse.init)
    }
}

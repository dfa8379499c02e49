import CCRCore
import CCRStore
import Hummingbird

/// An announced maintenance window as the API shows it.
struct MaintenanceWindowResponse: ResponseEncodable, Equatable {
    var id: Int64
    var start: String
    var end: String
    var reason: String
    var createdAt: String
    var createdBy: String
    var cancelledAt: String?

    init(_ window: MaintenanceWindow) {
        id = window.id ?? 0
        start = WallTime(milliseconds: window.startAt).description
        end = WallTime(milliseconds: window.endAt).description
        reason = window.reason
        createdAt = WallTime(milliseconds: window.createdAt).description
        createdBy = window.createdBy
        cancelledAt = window.cancelledAt.map { WallTime(milliseconds: $0).description }
    }
}

/// `GET /v1/maintenance`: the windows asked for, and the weekly one.
struct MaintenanceListResponse: ResponseEncodable {
    var windows: [MaintenanceWindowResponse]
    /// The recurring window from the configuration, as text, or nil.
    var weekly: String?
}

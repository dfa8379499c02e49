import CCRCore
import CCRStore
import Foundation

/// A maintenance window as an admin announces it, checked the same way by the API (`POST
/// /v1/maintenance`) and the command line (`ccrd maintenance add`): it must start in the future
/// (announced beforehand), within a year, last 1 min to 7 days, and give a reason.
public struct MaintenanceAnnouncement: APIBody, Sendable {
    static let bodyName = "maintenance window"

    /// ISO 8601, a UTC day, or Unix seconds.
    public var start: String
    public var end: String
    public var reason: String

    public static let maxReasonLength = 500
    public static let longest: Int64 = 7 * 86_400_000
    public static let shortest: Int64 = 60_000
    public static let furthest: Int64 = 366 * 86_400_000

    public init(start: String, end: String, reason: String) {
        self.start = start
        self.end = end
        self.reason = reason
    }

    /// The window to store, or why it cannot be announced.
    public func window(now: WallTime, by announcer: String) throws(APIError) -> MaintenanceWindow {
        guard let startDate = CallFilter.time(start) else { throw .badRequest("start must be a time (ISO 8601, YYYY-MM-DD or Unix seconds)") }
        guard let endDate = CallFilter.time(end) else { throw .badRequest("end must be a time (ISO 8601, YYYY-MM-DD or Unix seconds)") }
        let opens = WallTime(milliseconds: Int64((startDate.timeIntervalSince1970 * 1000).rounded()))
        let closes = WallTime(milliseconds: Int64((endDate.timeIntervalSince1970 * 1000).rounded()))
        guard opens > now else { throw .badRequest("start must be in the future: maintenance is announced beforehand") }
        guard opens.milliseconds(since: now) <= Self.furthest else { throw .badRequest("start must be within a year") }
        let length = closes.milliseconds(since: opens)
        guard length >= Self.shortest, length <= Self.longest else { throw .badRequest("a window lasts from 1 minute to 7 days (end after start)") }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= Self.maxReasonLength, !text.unicodeScalars.contains(where: { $0.properties.generalCategory == .control })
        else { throw .badRequest("reason must be 1 to \(Self.maxReasonLength) characters of text") }
        return MaintenanceWindow(start: opens, end: closes, reason: text, createdAt: now, createdBy: announcer)
    }
}

/// What a contract promises about incidents: the business time within which each priority is
/// taken in charge, and the share of a month's incidents that must meet it.
///
/// Two profiles are in use. The standard contract: P1 within 4 business hours, P2 within one
/// business day, P3 within three business days, every incident. The CRM360 annex: P1 8 h, P2
/// 24 h, P3 40 h of business hours, 95 % of a month's incidents. A business day is the
/// calendar's day of business hours (9 h 30 min on the contract's calendar).
public struct IncidentContract: Sendable, Hashable {
    public var name: String
    /// Business time to take each priority in charge, milliseconds.
    public var takeInCharge: [IncidentPriority: Int64]
    /// Share of a month's incidents that must be taken in charge in time, 0…1.
    public var objective: Double

    public init(name: String, takeInCharge: [IncidentPriority: Int64], objective: Double) {
        self.name = name
        self.takeInCharge = takeInCharge
        self.objective = objective
    }

    static let hour: Int64 = 3_600_000

    /// The standard contract on `calendar` (its business day sets P2 and P3).
    public static func standard(on calendar: BusinessCalendar = .contract) -> IncidentContract {
        IncidentContract(name: "standard", takeInCharge: [.p1: 4 * hour, .p2: calendar.dayMilliseconds, .p3: 3 * calendar.dayMilliseconds], objective: 1)
    }

    /// The CRM360 annex.
    public static let crm360 = IncidentContract(name: "crm360", takeInCharge: [.p1: 8 * hour, .p2: 24 * hour, .p3: 40 * hour], objective: 0.95)

    /// When an incident of `priority` opened at `opened` must be taken in charge.
    public func deadline(for priority: IncidentPriority, openedAt opened: WallTime, on calendar: BusinessCalendar) -> WallTime? {
        calendar.deadline(from: opened, after: takeInCharge[priority] ?? 0)
    }
}

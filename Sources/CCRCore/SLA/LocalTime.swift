/// A date and a time of day on a zone's clocks: "Thursday 06:00 at GMT+1", "Monday 09:00 in Paris".
public struct LocalTime: Sendable, Hashable {
    public var date: CivilDate
    /// Seconds since the local midnight, 0..<86 400.
    public var secondsOfDay: Int

    public init(date: CivilDate, secondsOfDay: Int) {
        self.date = date
        self.secondsOfDay = secondsOfDay
    }
}

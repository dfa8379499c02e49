/// A time ccrd was not running: from one run's end to the next run's start. After a clean stop
/// an operator stopped or restarted it; otherwise it crashed or was killed, and the outage is
/// dated from the run's last heartbeat (so it is known to within one heartbeat interval).
public struct Outage: Sendable, Hashable {
    public var period: Period
    public var afterCleanStop: Bool

    public init(period: Period, afterCleanStop: Bool) {
        self.period = period
        self.afterCleanStop = afterCleanStop
    }

    /// The outages between `runs` (in start order) up to `now`. The last run is still running
    /// when it stopped neither cleanly nor more than `staleAfter` ago (its heartbeat is fresh);
    /// else ccrd is down since its end.
    public static func between(_ runs: [ServiceRunSpan], now: WallTime, staleAfter: Int64) -> [Outage] {
        var outages: [Outage] = []
        for (previous, next) in zip(runs, runs.dropFirst()) where next.started > previous.ended {
            outages.append(Outage(period: Period(start: previous.ended, end: next.started), afterCleanStop: previous.cleanStop))
        }
        if let last = runs.last, last.cleanStop || now.milliseconds(since: last.ended) > staleAfter, now > last.ended {
            outages.append(Outage(period: Period(start: last.ended, end: now), afterCleanStop: last.cleanStop))
        }
        return outages
    }
}

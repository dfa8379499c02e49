/// One criterion of the machine's explained score as a supervisor corrected it: the points it
/// cost the score by the machine's reckoning and by the human's.
public struct CriterionCorrection: Sendable, Codable, Equatable {
    /// The criterion's metric (`deadAir`, `talkRatio`, `scriptStep:greeting` …), as in `scoreDetail`.
    public var metric: String
    /// Its name, as in `scoreDetail` ("dead air").
    public var name: String
    /// Points (of 100) the machine took off for it.
    public var machinePointsLost: Double
    /// Points (of 100) the supervisor takes off for it.
    public var pointsLost: Double

    public init(metric: String, name: String, machinePointsLost: Double, pointsLost: Double) {
        self.metric = metric
        self.name = name
        self.machinePointsLost = machinePointsLost
        self.pointsLost = pointsLost
    }
}

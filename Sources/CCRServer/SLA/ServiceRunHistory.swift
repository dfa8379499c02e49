import CCRCore
import CCRStore

/// The runs of ccrd and the API's hourly response times, as the service-level report reads
/// them (the state database).
public protocol ServiceRunHistory: Sendable {
    func serviceRuns(overlapping period: Period) throws(StoreError) -> [ServiceRun]
    func latencyHours(in period: Period) throws(StoreError) -> [LatencyHour]
}

extension Store: ServiceRunHistory {}

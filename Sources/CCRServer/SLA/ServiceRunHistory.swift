import CCRCore
import CCRStore

/// The runs of ccrd as the service-level report reads them (the state database).
public protocol ServiceRunHistory: Sendable {
    func serviceRuns(overlapping period: Period) throws(StoreError) -> [ServiceRun]
}

extension Store: ServiceRunHistory {}

import CCRStore
import HTTPTypes
import Logging

extension APIError {
    /// Runs a state-database operation for a request, answering 503 `store_unavailable` (and
    /// logging the cause, which the client does not see) when the database fails.
    static func whenStoreFails<T>(_ body: () async throws(StoreError) -> T) async throws(APIError) -> T {
        do {
            return try await body()
        } catch {
            Logger(label: "ccrd.api").error("state database failed", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, code: "store_unavailable", message: "the state database failed; see the server log")
        }
    }
}

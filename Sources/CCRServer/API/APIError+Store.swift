import CCRStore
import HTTPTypes
import Logging

extension APIError {
    /// Runs a state-database operation for a request. When the database fails it logs `log`
    /// with the cause and answers 503 with `code` and `message`; the cause never reaches the
    /// client. The defaults are for reading and writing calls; token checks and the access
    /// journal say what failed in their own words.
    @discardableResult
    static func whenStoreFails<T>(
        code: String = "store_unavailable", message: String = "the state database failed; see the server log",
        log: Logger.Message = "state database failed", logger: Logger = Logger(label: "ccrd.api"), metadata: Logger.Metadata = [:],
        _ body: () async throws(StoreError) -> T
    ) async throws(APIError) -> T {
        do {
            return try await body()
        } catch {
            logger.error(log, metadata: metadata.merging(["error": "\(error)"]) { _, new in new })
            throw APIError(.serviceUnavailable, code: code, message: message)
        }
    }
}

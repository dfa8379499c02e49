import CCRStore
import Foundation
import Logging
import ServiceLifecycle

/// Purges what is past its retention period: once at start, then every `interval` (a day).
/// Each purge that removed something is logged and written to the access journal.
public struct RetentionService: Service {
    let store: Store
    let policy: RetentionPolicy
    let interval: Duration
    let logger: Logger

    public init(store: Store, policy: RetentionPolicy, interval: Duration = .seconds(86400), logger: Logger) {
        self.store = store
        self.policy = policy
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            await purgeOnce()
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    func purgeOnce() async {
        do {
            let report = try await store.purge(policy: policy)
            guard !report.isEmpty else { return }
            try await store.journal(
                JournalRecord(
                    actor: "ccrd", action: "retention.purge", source: "retention",
                    detail: "calls=\(report.calls) alerts=\(report.alerts) reviews=\(report.reviews) journal=\(report.journalEntries) transcripts=\(report.transcriptSegments)"))
            logger.notice(
                "retention purge",
                metadata: [
                    "purge.calls": "\(report.calls)", "purge.alerts": "\(report.alerts)", "purge.reviews": "\(report.reviews)",
                    "purge.journal": "\(report.journalEntries)", "purge.transcripts": "\(report.transcriptSegments)", "purge.aggregatedDays": "\(report.aggregatedDays)",
                ])
        } catch {
            logger.error("retention purge failed; will retry at the next run", metadata: ["error": "\(error)"])
        }
    }
}

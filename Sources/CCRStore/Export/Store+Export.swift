import GRDB

/// Reading calls out in full, a page at a time, for export.
extension Store {
    /// Calls per export page: what `GET /v1/export` and `ccrd export` read per transaction.
    public static let exportPageSize = 200

    /// Up to `limit` calls matching `filter` after `cursor`, each with everything kept about it,
    /// read in one transaction; and the cursor of the next page (nil after the last).
    public func exportPage(
        matching filter: CallFilter, after cursor: CallCursor?, limit: Int = Store.exportPageSize
    ) async throws(StoreError) -> (calls: [CallDetail], next: CallCursor?) {
        do {
            return try await writer.read { db in
                let calls = try Self.page(db, filter: filter, limit: limit, after: cursor, full: true)
                var details: [CallDetail] = []
                details.reserveCapacity(calls.count)
                for call in calls {
                    details.append(try CallDetail.read(call, in: db))
                }
                let next = calls.count == limit ? calls.last.map { CallCursor(startedAt: Self.milliseconds($0.startedAt), id: $0.id) } : nil
                return (details, next)
            }
        } catch {
            throw .failed(operation: "export calls", reason: Self.describe(error))
        }
    }
}

import BenchSupport
import CCRStore
import Foundation

// Store benchmark (not a test): finalized 5-minute calls written per second, in the recorder's
// batches, and the query API's latencies on a database of a million calls.
//   store-benchmark [--only finalize,export,query] [--finalize 20000] [--batch 256] [--calls 1000000] [--queries 200] [--dir PATH] [--keep yes]

let options = BenchOptions(CommandLine.arguments.dropFirst())
let finalizeCount = options.int("finalize", 20_000)
let batchSize = options.int("batch", 256)
let callCount = options.int("calls", 1_000_000)
let queryCount = options.int("queries", 200)
let only = options.string("only", "finalize,export,query").split(separator: ",").map(String.init)
let directory = URL(fileURLWithPath: options.string("dir", FileManager.default.temporaryDirectory.appendingPathComponent("ccrd-store-bench").path))
try? FileManager.default.removeItem(at: directory)
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
// `--keep yes` leaves the databases in --dir (to serve one with ccrd and measure the HTTP side).
let keep = options.value("keep") == "yes"
/// `--activity no` leaves out what the call page draws (each leg's speech, dead air), to compare.
let withActivity = options.string("activity", "yes") != "no"
defer { if !keep { try? FileManager.default.removeItem(at: directory) } }

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0
}

// 1. Finalization throughput.
if only.contains("finalize") {
    let path = directory.appendingPathComponent("finalize.sqlite").path
    let store = try Store.open(path: path)
    let base = Date().addingTimeInterval(-86_400)
    let calls = (0..<finalizeCount).map { SyntheticCall.make($0, base: base, spacing: 1, windows: 60, withActivity: withActivity) }
    let clock = ContinuousClock()
    let cpuBefore = ProcessSample.ownCPUSeconds()
    let start = clock.now
    var batchTimes: [Double] = []
    for offset in stride(from: 0, to: calls.count, by: batchSize) {
        let batchStart = clock.now
        try await store.save(Array(calls[offset..<min(offset + batchSize, calls.count)]))
        batchTimes.append(seconds(clock.now - batchStart))
    }
    let elapsed = seconds(clock.now - start)
    let cpu = ProcessSample.ownCPUSeconds() - cpuBefore
    batchTimes.sort()
    let perSecond = Double(finalizeCount) / elapsed
    print(String(
        format: "finalize: %d calls of 5 min (60 windows, 2 legs; 1 in 5 with 2 alerts\(withActivity ? "; activity" : "")) in batches of %d: %.0f calls/s, %.0f windows/s, %.2f CPU-s, batch p50 %.1f ms p99 %.1f ms, %.1f KiB/call on disk",
        finalizeCount, batchSize, perSecond, perSecond * 60, cpu, batchTimes[batchTimes.count / 2] * 1000,
        batchTimes[min(batchTimes.count - 1, batchTimes.count * 99 / 100)] * 1000,
        Double(fileSize(path) + fileSize(path + "-wal")) / 1024 / Double(finalizeCount)))
}

// 2. Export of the finalized calls (full detail: legs, 60 windows, alerts), a page at a time as
// `GET /v1/export` streams it: calls per second and whether memory grows with the export.
if only.contains("export") {
    let path = directory.appendingPathComponent("finalize.sqlite").path
    if !FileManager.default.fileExists(atPath: path) {
        let base = Date().addingTimeInterval(-86_400)
        try Store.open(path: path).saveNow((0..<finalizeCount).map { SyntheticCall.make($0, base: base, spacing: 1, windows: 60) })
    }
    let store = try Store.open(path: path)
    let pid = ProcessInfo.processInfo.processIdentifier
    for format in [ExportFormat.ndjson, .csv] {
        let clock = ContinuousClock()
        let start = clock.now
        let rssBefore = ProcessSample(pid: pid)?.rssKiB ?? 0
        var rssPeak = rssBefore
        var rssAtTenth = 0
        var cursor: CallCursor?
        var calls = 0
        var bytes = 0
        repeat {
            let page = try await store.exportPage(matching: CallFilter(), after: cursor)  // the API's page size
            for call in page.calls { bytes += try format.encode(call).utf8.count }
            calls += page.calls.count
            cursor = page.next
            let rss = ProcessSample(pid: pid)?.rssKiB ?? 0
            rssPeak = max(rssPeak, rss)
            if rssAtTenth == 0 && calls >= finalizeCount / 10 { rssAtTenth = rss }
        } while cursor != nil
        let elapsed = seconds(clock.now - start)
        print(String(
            format: "export %@: %d calls, %.0f MiB in %.1f s: %.0f calls/s, %.0f MiB/s; RSS %.0f MiB before, %.0f MiB after 10%%, peak %.0f MiB",
            format.rawValue, calls, Double(bytes) / 1_048_576, elapsed, Double(calls) / elapsed, Double(bytes) / 1_048_576 / elapsed,
            Double(rssBefore) / 1024, Double(rssAtTenth) / 1024, Double(rssPeak) / 1024))
    }
}

// 3. Queries on a million calls (call rows with alerts; windows only on every 1000th call).
if only.contains("query") {
    let path = directory.appendingPathComponent("query.sqlite").path
    let store = try Store.open(path: path)
    let base = Date().addingTimeInterval(-Double(callCount) * 30)
    let clock = ContinuousClock()
    let fillStart = clock.now
    for offset in stride(from: 0, to: callCount, by: 5000) {
        let batch = (offset..<min(offset + 5000, callCount)).map { SyntheticCall.make($0, base: base, spacing: 30, windows: $0 % 1000 == 0 ? 60 : 0) }
        try store.saveNow(batch)
    }
    try store.checkpointWAL()
    print(String(format: "query: filled %d calls in %.0f s (%.0f MiB)", callCount, seconds(clock.now - fillStart), Double(fileSize(path)) / 1_048_576))

    var random = SplitMix(seed: 42)
    func day(_ index: UInt64) -> Date { base.addingTimeInterval(Double(index % UInt64(max(1, callCount * 30 / 86_400))) * 86_400) }
    let kinds: [(String, () async throws -> Int)] = [
        ("newest page (50)", { try await store.calls(matching: CallFilter(), limit: 50, after: nil).calls.count }),
        ("agent", { try await store.calls(matching: CallFilter(agentId: SyntheticCall.agents[Int(random.next() % 1000)]), limit: 50, after: nil).calls.count }),
        ("team scope (supervisor)", { try await store.calls(matching: CallFilter(teams: [SyntheticCall.teams[Int(random.next() % 20)]]), limit: 50, after: nil).calls.count }),
        ("one day", {
            let from = day(random.next())
            return try await store.calls(matching: CallFilter(from: from, to: from.addingTimeInterval(86_400)), limit: 50, after: nil).calls.count
        }),
        ("minScore=95", { try await store.calls(matching: CallFilter(minScore: 95), limit: 50, after: nil).calls.count }),
        ("alert=any", { try await store.calls(matching: CallFilter(alert: .anyAlert), limit: 50, after: nil).calls.count }),
        ("alert=dead-air", { try await store.calls(matching: CallFilter(alert: .rule("dead-air")), limit: 50, after: nil).calls.count }),
        ("agent+day+maxScore", {
            let from = day(random.next())
            let filter = CallFilter(agentId: SyntheticCall.agents[Int(random.next() % 1000)], from: from, to: from.addingTimeInterval(7 * 86_400), maxScore: 50)
            return try await store.calls(matching: filter, limit: 50, after: nil).calls.count
        }),
        ("deep page by cursor", {
            // What a client sends after paging far back: a cursor in the middle of the table.
            let index = Int(random.next() % UInt64(callCount))
            let cursor = CallCursor(startedAt: Store.milliseconds(base.addingTimeInterval(Double(index) * 30)), id: "bench-\(index)")
            return try await store.calls(matching: CallFilter(), limit: 50, after: cursor).calls.count
        }),
        // The worst cases: filters nothing matches (or almost nothing) walk the whole table.
        ("worst: alert=unraised rule", { try await store.calls(matching: CallFilter(alert: .rule("never-raised")), limit: 50, after: nil).calls.count }),
        ("worst: minScore=99.995", { try await store.calls(matching: CallFilter(minScore: 99.995), limit: 50, after: nil).calls.count }),
        // The workspace's lists (issue 19).
        ("sorted by score, lowest first", { try await store.calls(matching: CallFilter(), limit: 50, after: nil, order: .lowestScore).calls.count }),
        ("team scope sorted by score", {
            try await store.calls(matching: CallFilter(teams: [SyntheticCall.teams[Int(random.next() % 20)]]), limit: 50, after: nil, order: .lowestScore).calls.count
        }),
        ("review queue, 7 days", { try await store.reviewQueue(since: Date().addingTimeInterval(-7 * 86_400), teams: nil, limit: 50).count }),
        ("agents list, 30 days", { try await store.agents(from: Date().addingTimeInterval(-30 * 86_400), to: nil, team: nil, teams: nil).count }),
        ("team days, 30 days", {
            try await store.teamSummary(team: SyntheticCall.teams[Int(random.next() % 20)], from: Date().addingTimeInterval(-30 * 86_400), to: nil).count
        }),
        ("call detail", { try await store.callDetail(id: "bench-\(Int(random.next() % UInt64(callCount / 1000)) * 1000)")?.timeline.count ?? 0 }),
        ("agent summary, 30 days", {
            let from = day(random.next())
            return try await store.agentSummary(agentId: SyntheticCall.agents[Int(random.next() % 1000)], from: from, to: from.addingTimeInterval(30 * 86_400)).count
        }),
    ]
    var all: [Double] = []
    for (name, query) in kinds {
        var times: [Double] = []
        var rows = 0
        let worst = name.hasPrefix("worst")
        for _ in 0..<(worst ? max(5, queryCount / 20) : queryCount) {
            let start = clock.now
            rows += try await query()
            times.append(seconds(clock.now - start) * 1000)
        }
        times.sort()
        if !worst { all += times }
        print(String(
            format: "query: %-24@ p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms  (%.0f rows/query)", name as NSString, times[times.count / 2],
            times[min(times.count - 1, times.count * 99 / 100)], times.last ?? 0, Double(rows) / Double(queryCount)))
    }
    all.sort()
    print(String(format: "query: all kinds but the worst  p50 %.2f ms  p98 %.2f ms  p99 %.2f ms", all[all.count / 2], all[all.count * 98 / 100], all[all.count * 99 / 100]))
}

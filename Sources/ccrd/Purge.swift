import ArgumentParser
import CCRServer
import CCRStore
import Foundation

/// `ccrd purge [--dry-run]`: applies the retention periods now, as the daily job does.
struct Purge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Delete what is past its retention period (retention.* in the configuration), folding calls into anonymized daily aggregates first.")

    @OptionGroup var options: ConfigOptions

    @Flag(help: "Count what would be deleted, delete nothing.")
    var dryRun = false

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let report: PurgeReport
        do {
            report = try store.purgeNow(policy: configuration.retention, dryRun: dryRun)
        } catch {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        if !dryRun {
            try options.journal(
                store, action: "retention.purge",
                detail: "calls=\(report.calls) alerts=\(report.alerts) reviews=\(report.reviews) journal=\(report.journalEntries) transcripts=\(report.transcriptSegments)")
        }
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            encoder.dateEncodingStrategy = .iso8601
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        case .text:
            let verb = dryRun ? "would delete" : "deleted"
            func before(_ date: Date?) -> String { date.map { "before \($0.formatted(.iso8601))" } ?? "kept forever" }
            print("\(verb) \(report.calls) calls (\(report.windows) timeline windows; \(before(report.callsBefore)))")
            print("\(verb) \(report.alerts) alerts (\(before(report.alertsBefore)))")
            print("\(verb) \(report.reviews) reviews (\(before(report.reviewsBefore)))")
            print("\(verb) \(report.journalEntries) journal entries (\(before(report.journalBefore)))")
            print("\(verb) \(report.transcriptSegments) transcript segments (of calls started \(before(report.transcriptsBefore)))")
            print("\(dryRun ? "would fold" : "folded") the calls into \(report.aggregatedDays) daily aggregate rows")
        }
    }
}

import ArgumentParser
import CCRServer
import CCRStore
import Foundation

/// `ccrd journal show`: the latest entries, oldest first.
struct JournalShow: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the latest journal entries.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Entries written at or after this time (ISO 8601, YYYY-MM-DD or Unix seconds).") var since: String?
    @Option(help: "At most this many (the latest).") var limit = 100
    @Option(help: "text or json.") var format: OutputFormat = .text

    func run() throws {
        var start: Date?
        if let since {
            guard let date = CallFilter.time(since) else { throw ConfigOptions.usage("--since must be a time") }
            start = date
        }
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let entries = try store.journalEntries(since: start, limit: limit)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for entry in entries { print(String(decoding: try encoder.encode(entry), as: UTF8.self)) }
        case .text:
            for entry in entries {
                print("\(entry.seq)\t\(entry.date.formatted(.iso8601))\t\(entry.actor)\t\(entry.action)\t\(entry.target)\t\(entry.source)\t\(entry.detail)")
            }
        }
    }
}

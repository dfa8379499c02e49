import ArgumentParser
import CCRServer
import CCRStore
import Foundation

/// `ccrd journal verify|show`: the access journal from the command line.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "Check or read the access journal.",
        subcommands: [JournalVerify.self, JournalShow.self])
}

/// `ccrd journal verify`: walks the hash chain; exit 0 when intact, 1 when broken.
struct JournalVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Check that no journal entry was edited, inserted or deleted (exit 1 if one was).")

    @OptionGroup var options: ConfigOptions

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let result: JournalVerification
        do {
            result = try store.verifyJournal()
        } catch {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        let range = result.firstSeq.map { "\($0)–\(result.lastSeq ?? $0)" } ?? "none"
        if result.isIntact {
            print("journal intact: \(result.entries) entries (seq \(range)), head \(result.headHash)")
            return
        }
        print("journal BROKEN: \(result.breaks.count) problem(s) in \(result.entries) entries (seq \(range))")
        for problem in result.breaks {
            print("  seq \(problem.seq): \(problem.problem.rawValue): \(problem.message)")
        }
        throw ExitCode(1)
    }
}

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

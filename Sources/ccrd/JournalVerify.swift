import ArgumentParser
import CCRServer
import CCRStore
import Foundation

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

import ArgumentParser
import CCRCore
import CCRServer
import CCRStore
import Foundation

/// `ccrd erase --agent ID | --caller NUMBER`: the command-line twin of `DELETE /v1/subjects/…`.
struct Erase: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Erase every stored row about one person (an agent or a caller) and print what was removed.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "The agent id to erase.") var agent: String?
    @Option(help: "The caller number to erase.") var caller: String?

    func run() async throws {
        let subject: Subject
        switch (agent, caller) {
        case (let agent?, nil): subject = .agent(agent)
        case (nil, let caller?): subject = .caller(caller)
        default: throw ConfigOptions.usage("give exactly one of --agent or --caller")
        }
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let report: ErasureReport
        do {
            report = try await store.erase(subject)
        } catch {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(1)
        }
        try options.journal(
            store, action: "subject.erase", target: store.pseudonym(kind: subject.kind, of: subject.identifier),
            detail: "calls=\(report.calls) alerts=\(report.alerts) reviews=\(report.reviews) liveCalls=\(report.liveCalls)")
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    }
}

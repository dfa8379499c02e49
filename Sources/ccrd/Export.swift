import ArgumentParser
import CCRServer
import CCRStore
import Foundation

/// `ccrd export`: the stored calls matching a filter, as NDJSON or CSV, to a file or stdout.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export stored calls (restitution / portability); record shapes in docs/export.md.")

    @OptionGroup var options: ConfigOptions

    @Option(help: "Only this agent's calls.") var agent: String?
    @Option(help: "Only this team's calls.") var team: String?
    @Option(help: "Only calls from this caller number.") var caller: String?
    @Option(help: "Calls started at or after this time (ISO 8601, YYYY-MM-DD or Unix seconds).") var from: String?
    @Option(help: "Calls started before this time.") var to: String?
    @Option(help: "Only calls put in this category (billing, cancellation, …).") var category: String?
    @Option(help: "ndjson or csv.") var format: String = "ndjson"
    @Option(name: .shortAndLong, help: "Write here instead of standard output.") var output: String?

    func run() async throws {
        guard let format = ExportFormat(rawValue: format) else { throw ConfigOptions.usage("--format must be ndjson or csv") }
        var filter = CallFilter(agentId: agent, team: team, callerNumber: caller, category: category)
        for (name, text, keyPath) in [("--from", from, \CallFilter.from), ("--to", to, \CallFilter.to)] {
            guard let text else { continue }
            guard let date = CallFilter.time(text) else {
                throw ConfigOptions.usage("\(name) must be an ISO 8601 time, a day (YYYY-MM-DD) or Unix seconds")
            }
            filter[keyPath: keyPath] = date
        }
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let handle: FileHandle
        if let output {
            guard FileManager.default.createFile(atPath: output, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw ConfigOptions.usage("cannot create \(output)")
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: output))
        } else {
            handle = FileHandle.standardOutput
        }
        var detail = "format=\(format.rawValue)"
        if let agent { detail += " agent=\(store.pseudonym(kind: "agent", of: agent))" }
        if let caller { detail += " caller=\(store.pseudonym(kind: "caller", of: caller))" }
        if let team { detail += " team=\(team)" }
        try options.journal(store, action: "export", detail: detail)
        if let header = format.header { handle.write(Data(header.utf8)) }
        var cursor: CallCursor?
        var count = 0
        repeat {
            let page = try await store.exportPage(matching: filter, after: cursor)
            var chunk = ""
            for call in page.calls { chunk += try format.encode(call) }
            handle.write(Data(chunk.utf8))
            count += page.calls.count
            cursor = page.next
        } while cursor != nil
        if output != nil { try handle.close() }
        FileHandle.standardError.write(Data("ccrd: exported \(count) calls\n".utf8))
    }
}

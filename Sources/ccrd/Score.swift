import ArgumentParser
import CCRCore
import CCRMedia
import CCRServer
import Foundation

/// `ccrd score FILE`: scores a recording with the same engine as live calls.
struct Score: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Score a recording: a stereo WAV (left agent, right customer), two mono WAVs, or one mono WAV.",
        discussion: """
            Prints the window timeline, the alerts and the final score with its explanation. \
            A single mono file is one mixed leg: talk ratio, overtalk, interruptions and customer \
            agitation cannot be measured and are left out of the score (the output says so).
            """)

    /// Output formats.
    enum Format: String, ExpressibleByArgument, CaseIterable {
        case table
        case json
    }

    @OptionGroup var options: ConfigOptions

    @Argument(help: "WAV file: stereo (left agent, right customer), or the agent leg when --customer is given, or mono.")
    var file: String

    @Option(help: "Mono WAV of the customer leg; FILE is then the agent leg.")
    var customer: String?

    @Option(help: "Output: table (for people) or json (the events, as the live API sends them).")
    var format: Format = .table

    func run() async throws {
        let configuration = try options.load()
        let legs: [Leg: [Float]]
        do {
            let first = try WAVFile(path: file)
            if let customer {
                let second = try WAVFile(path: customer)
                legs = [.agent: first.channels[0], .customer: second.channels[0]]
            } else if first.channels.count == 2 {
                legs = [.agent: first.channels[0], .customer: first.channels[1]]
            } else {
                legs = [.agent: first.channels[0]]
            }
        } catch {
            FileHandle.standardError.write(Data("ccrd: \(error.description)\n".utf8))
            throw ExitCode(66)  // EX_NOINPUT
        }
        let name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        let info = CallInfo(callId: name, agentId: "offline", team: nil, legs: Leg.allCases.filter { legs[$0] != nil })
        let events = CallAnalysis.analyse(recording: legs, info: info, settings: configuration.ingest.analysis)
        switch format {
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(ScoreOutput(events: events)), as: UTF8.self))
        case .table:
            print(ScoreReport(events: events).text)
        }
    }
}

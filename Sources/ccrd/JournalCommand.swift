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

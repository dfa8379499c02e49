import ArgumentParser
import CCRCore
import CCRServer
import CCRStore

/// `ccrd incident ack ID`: takes an incident in charge now.
struct IncidentAck: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ack", abstract: "Take an incident in charge.")

    @OptionGroup var options: ConfigOptions
    @Argument(help: "The incident's id (ccrd incident list).") var id: Int64

    func run() throws {
        let configuration = try options.load()
        let store = try options.openStore(configuration)
        let now = WallTime.now
        switch try store.acknowledgeIncident(id: id, by: "cli", at: now) {
        case .acknowledged(let incident):
            print(IncidentList.line(IncidentResponse(incident, now: now)))
        case .noSuchIncident:
            throw ConfigOptions.usage("no incident \(id)")
        case .alreadyAcknowledged:
            throw ConfigOptions.usage("incident \(id) is already taken in charge")
        }
    }
}

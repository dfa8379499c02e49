import ArgumentParser
import CCRMedia
import CCRServer

/// `ccrd check-config`: validates the configuration and prints what ccrd would use.
struct CheckConfig: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config", abstract: "Validate the configuration and print the values in effect.")

    @OptionGroup var options: ConfigOptions

    func run() async throws {
        let configuration = try options.load()
        let ingest = configuration.ingest
        print("configuration \(configuration.path) is valid")
        print("http: \(configuration.http.host):\(configuration.http.port)")
        print("rtp: \(ingest.bindAddress) ports \(ingest.portRange.lowerBound)-\(ingest.portRange.upperBound)")
        print("idle timeout: \(ingest.idleTimeout), jitter buffer: \(ingest.jitterBufferMilliseconds) ms")
        print("static lines: \(ingest.staticLines.count)")
        print("log level: \(configuration.logLevel.rawValue)")
    }
}

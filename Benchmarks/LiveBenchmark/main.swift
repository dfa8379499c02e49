import BenchSupport
import Foundation

// live-benchmark: fan-out of the live channel. The parent process runs the real HTTP/WebSocket
// server in-process and publishes synthetic analysis events into its hub at a fixed rate; a
// child process (`live-benchmark clients …`) holds the WebSocket clients and measures delivery
// latency (receive time − the event's serverTime, stamped when it was published).
//
//   live-benchmark [--clients 200] [--rate 1000] [--seconds 20] [--mix mixed|alerts|windows]

let options = BenchOptions(CommandLine.arguments.dropFirst())

if CommandLine.arguments.dropFirst().first == "clients" {
    let result = await FanoutClients.run(
        port: options.int("port", 0), token: options.string("token", ""), clients: options.int("clients", 200),
        lastSeq: options.int("last-seq", 0))
    print(result)
} else {
    let settings = FanoutSettings(
        clients: options.int("clients", 200), rate: options.int("rate", 1000), seconds: options.int("seconds", 20),
        mix: FanoutSettings.Mix(rawValue: options.string("mix", "mixed")) ?? .mixed)
    do {
        try await FanoutServer.run(settings)
    } catch {
        FileHandle.standardError.write(Data("live-benchmark: \(error)\n".utf8))
        exit(1)
    }
}

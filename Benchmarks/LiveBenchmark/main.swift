import Foundation

// live-benchmark: fan-out of the live channel. The parent process runs the real HTTP/WebSocket
// server in-process and publishes synthetic analysis events into its hub at a fixed rate; a
// child process (`live-benchmark clients …`) holds the WebSocket clients and measures delivery
// latency (receive time − the event's serverTime, stamped when it was published).
//
//   live-benchmark [--clients 200] [--rate 1000] [--seconds 20] [--mix mixed|alerts|windows]

let arguments = Array(CommandLine.arguments.dropFirst())

func option(_ name: String, _ fallback: String) -> String {
    guard let index = arguments.firstIndex(of: "--\(name)"), index + 1 < arguments.count else { return fallback }
    return arguments[index + 1]
}

if arguments.first == "clients" {
    let result = await FanoutClients.run(
        port: Int(option("port", "0"))!, token: option("token", ""), clients: Int(option("clients", "200"))!,
        lastSeq: Int(option("last-seq", "0"))!)
    print(result)
} else {
    let settings = FanoutSettings(
        clients: Int(option("clients", "200"))!, rate: Int(option("rate", "1000"))!, seconds: Int(option("seconds", "20"))!,
        mix: FanoutSettings.Mix(rawValue: option("mix", "mixed")) ?? .mixed)
    do {
        try await FanoutServer.run(settings)
    } catch {
        FileHandle.standardError.write(Data("live-benchmark: \(error)\n".utf8))
        exit(1)
    }
}

import CCRCore
import CCRMedia
import Foundation

/// Analysis throughput: the full CCRCore engine on a two-leg recording, tiled to any length.
///
///     analysis-benchmark FILE.wav [REPEAT]
///
/// Prints frames per second per core and the multiple of real time (one thread, so one core).
@main
struct AnalysisBenchmark {
    static func main() throws {
        let arguments = CommandLine.arguments
        guard arguments.count >= 2 else {
            FileHandle.standardError.write(Data("usage: analysis-benchmark FILE.wav [REPEAT]\n".utf8))
            exit(64)
        }
        let file = try WAVFile(path: arguments[1])
        let repeats = arguments.count > 2 ? Int(arguments[2]) ?? 10 : 10
        guard file.channels.count == 2 else {
            FileHandle.standardError.write(Data("need a stereo file (left agent, right customer)\n".utf8))
            exit(65)
        }
        var agent: [Float] = []
        var customer: [Float] = []
        for _ in 0..<repeats {
            agent += file.channels[0]
            customer += file.channels[1]
        }
        let seconds = Double(agent.count) / 16_000
        let info = CallInfo(callId: "bench", agentId: "a", team: nil, legs: [.agent, .customer])
        // One warm-up pass over a copy, then the measured one.
        _ = CallAnalysis.analyse(recording: [.agent: Array(agent.prefix(16_000 * 30)), .customer: Array(customer.prefix(16_000 * 30))], info: info, settings: AnalysisSettings())
        let clock = ContinuousClock()
        var events: [CallEvent] = []
        let elapsed = clock.measure {
            events = CallAnalysis.analyse(recording: [.agent: agent, .customer: customer], info: info, settings: AnalysisSettings())
        }
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let frames = 2 * Double(agent.count / Frame.sampleCount)
        print(String(format: "audio: %.0f s two-leg (%d × %.1f s), %d events", seconds, repeats, file.seconds, events.count))
        print(String(format: "analysis: %.3f s, %.0f frames/s per core (both legs), %.0f× real time per call", wall, frames / wall, seconds / wall))
    }
}

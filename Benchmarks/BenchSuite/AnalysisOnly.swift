import CCRCore
import Foundation

/// Step 2: the CCRCore engine alone on the decoded frames of the two-leg corpus call, tiled.
enum AnalysisOnly {
    struct Result: Codable {
        var audioSeconds: Double
        var cpuSeconds: Double
        var timesRealTimePerCore: Double
        var cpuSecondsPerCallHour: Double
    }

    static func run(_ corpus: Corpus, repeats: Int = 100) -> Result {
        var agent: [Float] = []
        var customer: [Float] = []
        for _ in 0..<repeats {
            agent += corpus.agent
            customer += corpus.customer
        }
        let info = CallInfo(callId: "bench", agentId: "a", team: nil, legs: [.agent, .customer])
        _ = CallAnalysis.analyse(recording: [.agent: corpus.agent, .customer: corpus.customer], info: info, settings: AnalysisSettings())
        let start = CPUClock.threadSeconds()
        _ = CallAnalysis.analyse(recording: [.agent: agent, .customer: customer], info: info, settings: AnalysisSettings())
        let cpu = CPUClock.threadSeconds() - start
        let audio = Double(agent.count) / 16_000
        return Result(audioSeconds: audio, cpuSeconds: cpu, timesRealTimePerCore: audio / cpu, cpuSecondsPerCallHour: cpu / audio * 3600)
    }
}

import Foundation
import TestSupport

@testable import CCRCore

/// A scripted two-leg call made of synthetic voiced sound: harmonics of an F0 at a given
/// level, in 4 syllables a second (the envelope dips between syllables as speech does),
/// over faint white noise, with exact start and end times.
struct SyntheticCall {
    struct Part {
        var leg: Leg
        var start: Double
        var end: Double
        var amplitude: Double = 0.05
        var f0: Double = 150
    }

    var parts: [Part]
    var seconds: Double
    var noise: Double = 0.0003

    /// The samples of one leg at 16 kHz.
    func samples(_ leg: Leg) -> [Float] {
        var generator = SeededGenerator(seed: leg == .agent ? 1 : 2)
        var samples = (0..<Int(seconds * 16_000)).map { _ in Float(noise * Double.random(in: -1.7...1.7, using: &generator)) }
        for part in parts where part.leg == leg {
            var phase = 0.0
            for index in Int(part.start * 16_000)..<min(samples.count, Int(part.end * 16_000)) {
                phase += 2 * Double.pi * part.f0 / 16_000
                var value = 0.0
                for harmonic in 1...5 { value += sin(Double(harmonic) * phase) / Double(harmonic) }
                let time = Double(index) / 16_000 - part.start
                let syllable = 0.1 + 0.9 * abs(sin(Double.pi * 4 * time + Double.pi / 2))
                samples[index] += Float(part.amplitude * syllable * value)
            }
        }
        return samples
    }

    /// Runs the call through an analysis, legs interleaved frame by frame; returns all events.
    func analyse(settings: AnalysisSettings = AnalysisSettings(), legs: [Leg] = [.agent, .customer]) -> (CallAnalysis, [CallEvent]) {
        var analysis = CallAnalysis(info: CallInfo(callId: "c", agentId: "a", team: nil, legs: legs), settings: settings)
        var events: [CallEvent] = []
        let perLeg = legs.map { ($0, samples($0)) }
        let frames = Int(seconds * 50)
        for index in 0..<frames {
            for (leg, samples) in perLeg {
                let slice = Array(samples[(index * 320)..<((index + 1) * 320)])
                analysis.consume(Frame(leg: leg, start: Int64(index) * 320, samples: slice)) { events.append($0) }
            }
        }
        analysis.finish { events.append($0) }
        return (analysis, events)
    }
}

extension [CallEvent] {
    var raised: [Alert] { compactMap { if case .alertRaised(let alert) = $0 { alert } else { nil } } }
    var cleared: [Alert] { compactMap { if case .alertCleared(let alert) = $0 { alert } else { nil } } }
    var windows: [WindowScore] { compactMap { if case .windowScored(let window) = $0 { window } else { nil } } }
    var summary: CallSummary? { compactMap { if case .callEnded(let summary) = $0 { summary } else { nil } }.first }
}

import Foundation
import TestSupport
import Testing

@testable import CCRCore

/// The pieces of the leg's learned spectrum in the voice activity detector: the band levels and
/// the discriminant. The detector using them in noise is tested on speech, in
/// `ConversationCorpusTests` and by `make vad-eval`.
@Suite("Spectral voice activity")
struct SpectralVoiceActivityTests {
    @Test func aToneLandsInItsBand() {
        var spectrum = PhoneBandSpectrum()
        let tone = (0..<Frame.sampleCount).map { Float(0.5 * sin(2 * Double.pi * 1100 * Double($0) / 16000)) }
        for _ in 0..<3 { spectrum.measure(tone) }
        let loudest = spectrum.bands.indices.max { spectrum.bands[$0] < spectrum.bands[$1] }
        #expect(loudest == 5, "bands \(spectrum.bands.map { Int($0) })")  // 1,000-1,250 Hz
        #expect(spectrum.bands[5] - spectrum.bands[0] > 20)
        #expect(spectrum.bands[5] - spectrum.bands[10] > 20)
        // Silence is the floor, not a NaN.
        var quiet = PhoneBandSpectrum()
        quiet.measure([Float](repeating: 0, count: Frame.sampleCount))
        #expect(quiet.bands.allSatisfy { $0 == -120 })
        // Samples out of range give finite levels.
        var broken = PhoneBandSpectrum()
        broken.measure([Float](repeating: .nan, count: 160) + [Float](repeating: .infinity, count: 160))
        #expect(broken.bands.allSatisfy { $0.isFinite })
    }

    @Test func theDiscriminantTellsTwoSpectraApartOnceItHasHeardBoth() {
        var generator = SeededGenerator(seed: 0x5eed_0014)
        let voice: [Double] = [-30, -28, -25, -24, -26, -29, -31, -33, -36, -40, -45]
        let noise: [Double] = [-27, -29, -31, -33, -35, -37, -39, -41, -43, -45, -47]
        func sample(_ mean: [Double]) -> [Double] { mean.map { $0 + Double.random(in: -3...3, using: &generator) } }
        var discriminant = SpeechNoiseDiscriminant()
        #expect(discriminant.score(voice) == nil)
        for _ in 0..<24 {
            discriminant.learn(sample(voice), isSpeech: true)
            discriminant.learn(sample(noise), isSpeech: false)
        }
        #expect(discriminant.score(voice) == nil, "untrained until both classes have 25 frames")
        for _ in 0..<200 {
            discriminant.learn(sample(voice), isSpeech: true)
            discriminant.learn(sample(noise), isSpeech: false)
        }
        let voiceScores = (0..<100).compactMap { _ in discriminant.score(sample(voice)) }
        let noiseScores = (0..<100).compactMap { _ in discriminant.score(sample(noise)) }
        #expect(voiceScores.count == 100 && noiseScores.count == 100)
        #expect(voiceScores.filter { $0 > 0.3 }.count >= 95, "\(voiceScores.sorted().prefix(5))")
        #expect(noiseScores.filter { $0 < -0.3 }.count >= 95, "\(noiseScores.sorted().suffix(5))")

        // Two classes that are the same: no direction to find, no crash, no confident score.
        var same = SpeechNoiseDiscriminant()
        for index in 0..<400 { same.learn(sample(noise), isSpeech: index % 2 == 0) }
        let scores = (0..<100).compactMap { _ in same.score(sample(noise)) }
        #expect(scores.allSatisfy { $0.isFinite })
    }
}

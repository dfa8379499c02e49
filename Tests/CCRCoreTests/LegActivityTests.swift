import Foundation
import Testing

@testable import CCRCore

@Suite("Level and speech presence")
struct LegActivityTests {
    func frame(_ start: Int64, amplitude: Float, frequency: Float = 300) -> Frame {
        let samples = (0..<Frame.sampleCount).map { index in
            amplitude * sin(2 * Float.pi * frequency * Float(start + Int64(index)) / Float(Frame.sampleRate))
        }
        return Frame(leg: .agent, start: start, samples: samples)
    }

    @Test func levelOfAToneIsItsRMS() {
        var activity = LegActivity()
        for index in 0..<10 { activity.consume(frame(Int64(index) * 320, amplitude: 0.5)) }
        // 0.5 sine → RMS 0.3536 → −9.03 dBFS
        #expect(abs(activity.levelDBFS - (-9.031)) < 0.05)
    }

    @Test func silenceReadsTheFloor() {
        var activity = LegActivity()
        activity.consume(Frame(leg: .agent, start: 0, samples: Array(repeating: 0, count: 320)))
        #expect(activity.levelDBFS == Decibels.floor)
        #expect(!activity.isSpeaking)
    }

    @Test func speechAboveNoiseIsDetectedWithHangover() {
        var activity = LegActivity()
        var start: Int64 = 0
        func feed(_ amplitude: Float, frames: Int) {
            for _ in 0..<frames {
                activity.consume(frame(start, amplitude: amplitude))
                start += 320
            }
        }
        feed(0.001, frames: 50)  // −63 dBFS noise
        #expect(!activity.isSpeaking)
        feed(0.2, frames: 50)  // loud: speech
        #expect(activity.isSpeaking)
        feed(0.001, frames: 5)  // short pause within hangover
        #expect(activity.isSpeaking)
        feed(0.001, frames: 20)
        #expect(!activity.isSpeaking)
        #expect(abs(activity.speechSeconds - 1.2) < 0.05)
    }
}

import CCRCore
import Testing

@testable import CCRMedia

@Suite("Re-framing")
struct ReframerTests {
    @Test func cutsPacketsOfAnyLengthIntoFrames() {
        var reframer = Reframer(leg: .customer, start: 640)
        var frames: [Frame] = []
        // ffmpeg's default PCMU packets: 185 and 186 bytes → 370/372 samples at 16 kHz.
        for index in 0..<10 {
            let count = index % 2 == 0 ? 370 : 372
            reframer.append(ArraySlice(repeating: Float(index), count: count), concealed: index == 3) { frames.append($0) }
        }
        #expect(reframer.position == 640 + 3710)
        #expect(frames.count == 3710 / 320)
        #expect(frames.map(\.start) == (0..<11).map { 640 + Int64($0) * 320 })
        #expect(frames.allSatisfy { $0.samples.count == 320 && $0.leg == .customer })
        // Packet 3 spans samples 1112..<1484: frames 3 and 4 hold some of it.
        #expect(frames.map(\.isConcealed) == [false, false, false, true, true, false, false, false, false, false, false])
    }

    @Test func flushPadsTheLastFrame() {
        var reframer = Reframer(leg: .agent, start: 0)
        var frames: [Frame] = []
        reframer.append(ArraySlice(repeating: 1, count: 500), concealed: false) { frames.append($0) }
        reframer.flush { frames.append($0) }
        #expect(frames.count == 2)
        #expect(frames[1].samples[179] == 1)
        #expect(frames[1].samples[180] == 0)
        #expect(reframer.position == 640)
    }

    @Test func jumpStaysOnTheFrameGrid() {
        var reframer = Reframer(leg: .agent, start: 320)
        var frames: [Frame] = []
        reframer.append(ArraySlice(repeating: 1, count: 100), concealed: false) { frames.append($0) }
        reframer.jump(to: 5000) { frames.append($0) }
        #expect(reframer.position == 5120)
        reframer.append(ArraySlice(repeating: 1, count: 320), concealed: false) { frames.append($0) }
        #expect(frames.map(\.start) == [320, 5120])
    }
}

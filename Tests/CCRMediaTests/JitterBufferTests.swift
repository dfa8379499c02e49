import Testing

@testable import CCRMedia

@Suite("Jitter buffer")
struct JitterBufferTests {
    /// 20 ms Opus packets: 960 ticks each; depth 60 ms = 2880 ticks.
    let step: UInt32 = 960

    func makeBuffer() -> JitterBuffer<Int> { JitterBuffer(depth: 2880) }

    /// Inserts packet `n` (sequence base + n) and returns what came out.
    @discardableResult
    func push(_ buffer: inout JitterBuffer<Int>, _ n: Int, base: UInt16 = 1000, timeBase: UInt32 = 5000) -> [String] {
        buffer.insert(
            sequenceNumber: base &+ UInt16(n), timestamp: timeBase &+ UInt32(n) &* step, element: n)
        return pop(&buffer)
    }

    func pop(_ buffer: inout JitterBuffer<Int>) -> [String] {
        var out: [String] = []
        while let slot = buffer.next() { out.append(describe(slot)) }
        return out
    }

    func describe(_ slot: JitterBuffer<Int>.Slot) -> String {
        switch slot {
        case .packet(_, _, let element): "\(element)"
        case .lost(_, let following): "lost(\(following.map(String.init) ?? "-"))"
        }
    }

    @Test func inOrderPacketsComeOutAtOnce() {
        var buffer = makeBuffer()
        for n in 0..<5 { #expect(push(&buffer, n) == ["\(n)"]) }
        #expect(buffer.statistics.accepted == 5)
        #expect(buffer.statistics.lost == 0)
    }

    @Test func reordersWithinDepth() {
        var buffer = makeBuffer()
        push(&buffer, 0)
        #expect(push(&buffer, 2) == [])
        #expect(push(&buffer, 1) == ["1", "2"])
        #expect(buffer.statistics.reordered == 1)
        #expect(buffer.statistics.lost == 0)
    }

    @Test func dropsDuplicates() {
        var buffer = makeBuffer()
        push(&buffer, 0)
        push(&buffer, 2)
        #expect(buffer.insert(sequenceNumber: 1002, timestamp: 5000 + 2 * step, element: 2) == .duplicate)
        push(&buffer, 1)
        #expect(buffer.insert(sequenceNumber: 1001, timestamp: 5000 + step, element: 1) == .duplicate)
        #expect(buffer.statistics.duplicates == 2)
        #expect(pop(&buffer) == [])
    }

    @Test func declaresLossOnceLaterPacketsRunPastDepth() {
        var buffer = makeBuffer()
        push(&buffer, 0)
        #expect(push(&buffer, 2) == [])
        #expect(push(&buffer, 3) == [])  // 60 ms past packet 0: not more than the depth yet
        // 80 ms past packet 0: packet 1 is given up, recovered from packet 2's FEC if any.
        #expect(push(&buffer, 4) == ["lost(2)", "2", "3", "4"])
        #expect(buffer.statistics.lost == 1)
    }

    @Test func latePacketIsCountedAndDropped() {
        var buffer = makeBuffer()
        push(&buffer, 0)
        for n in 2...5 { push(&buffer, n) }
        #expect(buffer.insert(sequenceNumber: 1001, timestamp: 5000 + step, element: 1) == .late)
        #expect(buffer.statistics.late == 1)
        #expect(buffer.statistics.lost == 1)
        #expect(pop(&buffer) == [])
    }

    @Test func drainReleasesEverythingWithGaps() {
        var buffer = makeBuffer()
        push(&buffer, 0)
        push(&buffer, 2)
        #expect(buffer.drain().map(describe) == ["lost(2)", "2"])
        #expect(buffer.count == 0)
    }

    @Test func worksAcrossSequenceAndTimestampWrap() {
        var buffer = makeBuffer()
        let base: UInt16 = 65533
        let timeBase = UInt32.max - 2 * step
        var out: [String] = []
        for n in [0, 1, 3, 2, 4, 6, 7, 8, 9] {
            out += push(&buffer, n, base: base, timeBase: timeBase)
        }
        #expect(out == ["0", "1", "2", "3", "4", "lost(6)", "6", "7", "8", "9"])
        #expect(buffer.statistics.reordered == 1)
        #expect(buffer.statistics.lost == 1)
        #expect(buffer.statistics.resyncs == 0)
    }

    @Test func restartsOnAHugeJumpConfirmedByTheNextPacket() {
        var buffer = makeBuffer()
        push(&buffer, 0)
        push(&buffer, 1)
        push(&buffer, 3)  // 2 missing, 3 waiting
        // A lone stray far ahead is dropped; the stream goes on.
        #expect(push(&buffer, 20000) == [])
        #expect(buffer.statistics.resyncs == 0)
        #expect(push(&buffer, 4) == [])
        // Two consecutive packets far ahead: what was buffered plays out, then the new run.
        #expect(push(&buffer, 30000) == [])
        #expect(push(&buffer, 30001) == ["lost(3)", "3", "4", "30000", "30001"])
        #expect(buffer.statistics.resyncs == 1)
        #expect(push(&buffer, 30002) == ["30002"])
    }

    @Test func farBehindIsLateNotARestart() {
        var buffer = makeBuffer()
        for n in 1000..<1010 { push(&buffer, n) }
        #expect(buffer.insert(sequenceNumber: 1000 &+ 100, timestamp: 0, element: 0) == .late)
        #expect(buffer.statistics.resyncs == 0)
        #expect(push(&buffer, 1010) == ["1010"])
    }

    @Test func droppedPacketsDoNotMoveTheTimestampClock() {
        var buffer = makeBuffer()
        push(&buffer, 0)
        push(&buffer, 1)
        // Duplicates of 1 with absurd timestamps are dropped and must not shift anything.
        for step in 1...1000 {
            buffer.insert(sequenceNumber: 1001, timestamp: UInt32(truncatingIfNeeded: step) &* 0x7FFF_FFFF, element: 1)
        }
        #expect(buffer.statistics.duplicates == 1000)
        #expect(push(&buffer, 3) == [])  // still waiting for 2 by timestamps
        #expect(push(&buffer, 2) == ["2", "3"])
    }

    @Test func boundedWhenHeadNeverComes() {
        var buffer = JitterBuffer<Int>(depth: Int64.max / 2)  // depth never reached
        push(&buffer, 0)
        var released = 0
        for n in 2..<400 { released += push(&buffer, n).count }
        #expect(buffer.count < JitterBuffer<Int>.capacity)
        #expect(released > 0)
    }
}

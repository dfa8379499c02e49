import Testing

@testable import CCRMedia

@Suite("Sequence and timestamp wrap-around")
struct UnwrapperTests {
    @Test func sequenceContinuesAcrossWrap() {
        var unwrapper = SequenceUnwrapper()
        #expect(unwrapper.unwrap(65534) == 65534)
        #expect(unwrapper.unwrap(65535) == 65535)
        #expect(unwrapper.unwrap(0) == 65536)
        #expect(unwrapper.unwrap(1) == 65537)
        // A late packet from before the wrap lands below, not 64 k ahead.
        #expect(unwrapper.unwrap(65535) == 65535)
        #expect(unwrapper.unwrap(2) == 65538)
    }

    @Test func sequenceWrapsManyTimes() {
        var unwrapper = SequenceUnwrapper()
        var expected: Int64 = 100
        var sequence: UInt16 = 100
        for _ in 0..<300_000 {
            #expect(unwrapper.unwrap(sequence) == expected)
            sequence &+= 1
            expected += 1
        }
    }

    @Test func timestampContinuesAcrossWrap() {
        var unwrapper = TimestampUnwrapper()
        #expect(unwrapper.unwrap(UInt32.max - 959) == Int64(UInt32.max) - 959)
        #expect(unwrapper.unwrap(0) == Int64(UInt32.max) + 1)
        #expect(unwrapper.unwrap(960) == Int64(UInt32.max) + 961)
        #expect(unwrapper.unwrap(UInt32.max - 959) == Int64(UInt32.max) - 959)
    }
}

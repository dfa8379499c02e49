/// A seeded xorshift generator, so a property test's inputs can be made again: the seed is in
/// every failure message, and `CCRD_TEST_SEED=<seed>` replays that run.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    /// The seed this generator started from.
    public let seed: UInt64
    private var state: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        self.state = seed &* 0x9E37_79B9_7F4A_7C15 | 1
    }

    /// A generator for a property test: `CCRD_TEST_SEED` when set, else a fresh random seed.
    public static func forTest() -> SeededGenerator {
        SeededGenerator(seed: TestEnvironment.seed ?? UInt64.random(in: 1...UInt64.max))
    }

    public mutating func next() -> UInt64 {
        state ^= state << 13
        state ^= state >> 7
        state ^= state << 17
        return state
    }
}

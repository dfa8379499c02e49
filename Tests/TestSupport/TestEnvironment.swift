#if canImport(Glibc)
    import Glibc
#endif

/// Settings a test run takes from the environment.
public enum TestEnvironment {
    /// `CCRD_TEST_SEED`: the seed property tests replay.
    public static var seed: UInt64? {
        guard let text = getenv("CCRD_TEST_SEED") else { return nil }
        return UInt64(String(cString: text))
    }
}

/// Polls `condition` until it holds or `deadline` passes; returns its last answer. For the
/// positive case only: that something did not happen is checked against an explicit signal
/// (a counter that shows the input was handled), never by waiting and seeing nothing.
func eventually(within deadline: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = ContinuousClock.now.advanced(by: deadline)
    while ContinuousClock.now < end {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(25))
    }
    return try await condition()
}

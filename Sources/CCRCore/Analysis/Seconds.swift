/// Frame indices ↔ seconds (20 ms frames).
enum Seconds {
    static let perFrame = 0.02

    static func of(_ frames: Int64) -> Double { Double(frames) * perFrame }
    static func frames(_ seconds: Double) -> Int64 { Int64((seconds / perFrame).rounded()) }
}

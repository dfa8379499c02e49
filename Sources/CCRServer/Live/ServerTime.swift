import Foundation

/// How the live channel writes server time: ISO 8601, UTC, milliseconds.
enum ServerTime {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    static func format(_ date: Date) -> String {
        date.formatted(style)
    }
}

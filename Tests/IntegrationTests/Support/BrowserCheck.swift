import Foundation

/// Runs one of the Selenium checks in `Tests/Dashboard/` (Python, headless Chromium) and hands
/// back its exit status, its JSON line and its error output. The output goes to files read once
/// the check has exited: a blocking read of a pipe would hold one of the cooperative pool's
/// threads (two on a two-core machine) for the whole check, and stall the test's other tasks.
enum BrowserCheck {
    struct Outcome {
        var status: Int32
        /// What the check printed on standard output: one JSON line.
        var output: String
        var errors: String

        /// The JSON line as a dictionary (empty when it is not one).
        var json: [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(output.utf8))) as? [String: Any] ?? [:]
        }
    }

    static func run(_ script: String, _ arguments: [String], outputIn directory: URL) async throws -> Outcome {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let name = (script as NSString).deletingPathExtension
        let outputURL = directory.appendingPathComponent("\(name)-output.json")
        let errorURL = directory.appendingPathComponent("\(name)-errors.txt")
        FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        let browser = Process()
        browser.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        browser.arguments = ["python3", Daemon.packageRoot.appendingPathComponent("Tests/Dashboard/\(script)").path] + arguments
        browser.standardOutput = try FileHandle(forWritingTo: outputURL)
        browser.standardError = try FileHandle(forWritingTo: errorURL)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            browser.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try browser.run() } catch { continuation.resume(throwing: error) }
        }
        return Outcome(
            status: status, output: (try? String(contentsOf: outputURL, encoding: .utf8)) ?? "",
            errors: (try? String(contentsOf: errorURL, encoding: .utf8)) ?? "")
    }
}

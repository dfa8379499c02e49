import Foundation
import NIOConcurrencyHelpers

/// Collects a child process's standard output, line by line, while it runs.
final class LineCollector: Sendable {
    let pipe = Pipe()
    private let lines = NIOLockedValueBox<[String]>([])
    private let finished = NIOLockedValueBox(false)

    func start() {
        let handle = pipe.fileHandleForReading
        let lines = self.lines
        let finished = self.finished
        DispatchQueue.global().async {
            var pending = Data()
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                pending.append(chunk)
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = String(decoding: pending[pending.startIndex..<newline], as: UTF8.self)
                    pending.removeSubrange(pending.startIndex...newline)
                    lines.withLockedValue { $0.append(line) }
                }
            }
            finished.withLockedValue { $0 = true }
        }
    }

    var all: [String] { lines.withLockedValue { $0 } }
    var isFinished: Bool { finished.withLockedValue { $0 } }

    /// Lines parsed as JSON objects.
    var objects: [[String: Any]] {
        all.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }
}

import Foundation
import Testing

/// Another process holding the state database's write lock (`BEGIN EXCLUSIVE` through
/// Python's sqlite3) for `seconds`, as a stuck backup or a hand-run query would.
enum DatabaseLock {
    /// Holds the lock, returns when it is released: when it was taken and released.
    static func hold(_ path: String, seconds: Double) throws -> (taken: Date, released: Date) {
        let locker = Process()
        locker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        locker.arguments = [
            "python3", "-c",
            "import sqlite3, sys, time\nc = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=10)\nc.execute('BEGIN EXCLUSIVE')\nprint('locked', flush=True)\ntime.sleep(float(sys.argv[2]))\nc.execute('COMMIT')\n",
            path, "\(seconds)",
        ]
        let output = Pipe()
        locker.standardOutput = output
        try locker.run()
        try #require(String(decoding: output.fileHandleForReading.availableData, as: UTF8.self).contains("locked"))
        let taken = Date()
        locker.waitUntilExit()
        try #require(locker.terminationStatus == 0)
        return (taken, Date())
    }
}

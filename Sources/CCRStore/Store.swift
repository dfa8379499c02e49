import Foundation
import GRDB

/// ccrd's state on disk: one SQLite file (WAL) holding tokens and, later, finished calls and
/// the audit journal. A `Sendable` value wrapping a GRDB writer, as in GRDB's AppDatabase
/// pattern; every table change goes through a migration in `Schema`.
public struct Store: Sendable {
    let writer: any DatabaseWriter

    /// The file it was opened from, for logs; `:memory:` for a test store.
    public let path: String
    /// Random per database: what journal pseudonyms are salted with.
    let salt: String

    init(writer: any DatabaseWriter, path: String) throws(StoreError) {
        self.writer = writer
        self.path = path
        do {
            try Schema.migrator.migrate(writer)
            salt = try writer.write { db in
                if let salt = try String.fetchOne(db, sql: "SELECT value FROM setting WHERE key = 'pseudonym.salt'") {
                    return salt
                }
                let salt = TokenSecret.generate().text
                try db.execute(sql: "INSERT INTO setting (key, value) VALUES ('pseudonym.salt', ?)", arguments: [salt])
                return salt
            }
        } catch {
            throw .migrationFailed(path: path, reason: "\(error)")
        }
    }

    /// Every connection zeroes deleted content (erasure must leave no copy in the file) and
    /// enforces foreign keys (a call's legs and timeline go with it).
    static func prepare(_ configuration: inout GRDB.Configuration) {
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA secure_delete = ON")
        }
    }

    /// Opens (creating if needed, with its directory) the SQLite file at `path` in WAL mode.
    public static func open(path: String) throws(StoreError) -> Store {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            // Call data is personal data: only ccrd's user may read it (0700 / 0600). SQLite gives
            // the -wal and -shm files the mode of the database file.
            if !FileManager.default.fileExists(atPath: directory) {
                try FileManager.default.createDirectory(
                    atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw StoreError.cannotOpen(path: path, reason: "cannot create the file in \(directory)")
                }
            }
            // A file an earlier version (or another umask) left readable to others is narrowed.
            for file in [path, path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: file) {
                try? FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .cannotOpen(path: path, reason: "cannot create directory \(directory): \((error as NSError).localizedDescription)")
        }
        var configuration = GRDB.Configuration()
        configuration.busyMode = .timeout(5)
        configuration.label = "ccrd"
        prepare(&configuration)
        let pool: DatabasePool
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw .cannotOpen(path: path, reason: Self.describe(error))
        }
        return try Store(writer: pool, path: path)
    }

    /// A private in-memory store, for tests.
    public static func inMemory() throws(StoreError) -> Store {
        let queue: DatabaseQueue
        do {
            var configuration = GRDB.Configuration()
            prepare(&configuration)
            queue = try DatabaseQueue(configuration: configuration)
        } catch {
            throw .cannotOpen(path: ":memory:", reason: Self.describe(error))
        }
        return try Store(writer: queue, path: ":memory:")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError {
            return error.message ?? "\(error.resultCode)"
        }
        return "\(error)"
    }
}

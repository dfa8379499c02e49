/// Why the store could not do what was asked, in words an operator can act on.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The SQLite file could not be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The file opened but its schema could not be brought up to date.
    case migrationFailed(path: String, reason: String)
    /// A read or write failed (disk full, file locked for too long, I/O error).
    case failed(operation: String, reason: String)
    /// The data itself was refused (a constraint, a value that cannot be stored): retrying the
    /// same write fails again, unlike `failed`.
    case rejected(operation: String, reason: String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the state database \(path): \(reason) (check storage.path and that the directory is writable)"
        case .migrationFailed(let path, let reason):
            "cannot update the schema of \(path): \(reason) (is it a ccrd database from a newer version?)"
        case .failed(let operation, let reason):
            "state database: \(operation) failed: \(reason)"
        case .rejected(let operation, let reason):
            "state database: \(operation) refused the data: \(reason)"
        }
    }
}

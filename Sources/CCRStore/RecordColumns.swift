import GRDB

/// A record's table columns, listed once, in table order, as the cases of an `Int` enum (the
/// record's `Columns`). The record's selection, its INSERT statement and its reads by position
/// come from this one list, and the writer keeps its prepared statements with positional
/// arguments (no Codable, no lookup of a column by name per row).
///
/// The arguments themselves stay an array literal in `Columns` order: GRDB specializes only its
/// literal initializer, and building them from the list through its generic one made the
/// writer 15 % slower (`make bench-store`). A test per record writes one whose every field
/// differs and reads it back, so a literal out of order fails.
public protocol RecordColumns: CaseIterable, ColumnExpression, RawRepresentable, Sendable where RawValue == Int {}

extension RecordColumns {
    /// The column's name in the table: the case's name.
    public var name: String { String(describing: self) }

    /// Where the column sits in a row selected with `selection` (its case's position).
    public var position: Int { rawValue }

    /// Every column, in table order, for `databaseSelection` (build it once: a case's name comes
    /// from reflection).
    static var selection: [Column] { allCases.map { Column($0.name) } }

    /// `INSERT OR REPLACE INTO table (every column) VALUES (?, …)`.
    static func insertOrReplaceSQL(into table: String) -> String {
        "INSERT OR REPLACE INTO \(table) (\(names)) VALUES (\(placeholders))"
    }

    /// An upsert on `key` that updates every other column in place (a REPLACE would delete the
    /// row first, and with it, by cascade, what hangs off it).
    static func upsertSQL(into table: String, key: Self) -> String {
        let updates = allCases.filter { $0 != key }.map { "\($0.name) = excluded.\($0.name)" }.joined(separator: ", ")
        return "INSERT INTO \(table) (\(names)) VALUES (\(placeholders)) ON CONFLICT (\(key.name)) DO UPDATE SET \(updates)"
    }

    /// Every column's name in table order, comma-separated, for a SELECT or an INSERT; the
    /// columns in `nulling` are selected as NULL under their own name (left out of a read).
    static func columnList(nulling: [Self] = []) -> String {
        // Compared by raw value: on columns, GRDB's `==` and `contains` build SQL expressions.
        let nulled = Set(nulling.map(\.rawValue))
        return allCases.map { nulled.contains($0.rawValue) ? "NULL AS \($0.name)" : $0.name }.joined(separator: ", ")
    }

    private static var names: String { columnList() }
    private static var placeholders: String { Array(repeating: "?", count: allCases.count).joined(separator: ", ") }
}

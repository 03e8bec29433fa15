import Foundation
import GRDB
import PlugboardCore

/// The embedded store: SQLite in WAL mode in the data folder, foreign keys on, `synchronous = FULL`
/// so every acknowledged change survives a crash.
public final class SQLiteStore: Store {
    let pool: DatabasePool

    /// Opens (creating if needed) the database file and applies pending migrations.
    public init(path: String) throws {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteMigrations.migrator.migrate(pool)
        } catch {
            throw ConnectorError(
                .unavailable, message: "The database at \(path) could not be opened: \(error).",
                cause: "The file is unreadable, locked by another program, or not a Plugboard database.",
                fix: "Check the data folder's permissions, or point --data at another folder.")
        }
    }

    /// Nothing to do: the database file closes when the store is released.
    public func close() async {}

    /// Runs a write transaction, turning SQLite constraint failures into Plugboard errors.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as DatabaseError {
            throw Self.mapped(error)
        }
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    static func mapped(_ error: DatabaseError) -> Error {
        switch error.extendedResultCode {
        case .SQLITE_CONSTRAINT_UNIQUE, .SQLITE_CONSTRAINT_PRIMARYKEY:
            return ConnectorError(.alreadyExists, message: "That name is already taken in this application.", field: "name")
        case .SQLITE_CONSTRAINT_FOREIGNKEY:
            return ConnectorError(.invalidInput, message: "A referenced record does not exist or is still in use.")
        default:
            return ConnectorError(.internalError, message: "The database failed: \(error.resultCode).")
        }
    }

    /// The value in the `metadata` table under `key`, or nil.
    public func metadata(_ key: String) async throws -> Data? {
        try await read { db in try Data.fetchOne(db, sql: "SELECT value FROM metadata WHERE key = ?", arguments: [key]) }
    }

    /// Inserts or replaces the `metadata` row for `key`.
    public func setMetadata(_ key: String, _ value: Data) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO metadata (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", arguments: [key, value])
        }
    }
}

extension Date {
    /// The stored text form: ISO 8601 with milliseconds, which sorts as text.
    var storedText: String { ISO8601.string(from: self) }
}

extension Row {
    func date(_ column: String) -> Date {
        let text: String = self[column]
        return ISO8601.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    func optionalDate(_ column: String) -> Date? {
        let text: String? = self[column]
        return text.flatMap(ISO8601.date(from:))
    }
}

import Foundation
import Logging
import PlugboardCore
import PostgresNIO

/// One leased connection, with the few ways the store runs statements on it.
struct PostgresSession {
    let connection: PostgresConnection
    let logger: Logger

    /// Every row the statement returns.
    func rows(_ query: PostgresQuery) async throws -> [PostgresStoreRow] {
        try await connection.query(query, logger: logger).get().rows.map { PostgresStoreRow(cells: $0.makeRandomAccess()) }
    }

    /// The first row, or nil.
    func first(_ query: PostgresQuery) async throws -> PostgresStoreRow? {
        try await rows(query).first
    }

    /// The first column of the first row as an integer, such as a `COUNT(*)`; 0 when there is no row.
    func count(_ query: PostgresQuery) async throws -> Int {
        guard let row = try await first(query) else { return 0 }
        return try row.cells[0].decode(Int.self)
    }

    /// Runs `body` between BEGIN and COMMIT, rolling back when it throws. A failed ROLLBACK throws instead, so the
    /// caller discards a connection whose state is unknown.
    func transaction<T>(_ body: () async throws -> T) async throws -> T {
        try await execute("BEGIN")
        do {
            let value = try await body()
            try await execute("COMMIT")
            return value
        } catch {
            try await execute("ROLLBACK")
            throw error
        }
    }

    /// Runs a statement and returns how many rows it changed.
    @discardableResult
    func execute(_ query: PostgresQuery) async throws -> Int {
        try await connection.query(query, logger: logger).get().metadata.rows ?? 0
    }
}

/// A result row, read by column name like GRDB's rows.
struct PostgresStoreRow {
    let cells: PostgresRandomAccessRow

    /// The column decoded as `T`; an optional `T` reads NULL as nil.
    subscript<T: PostgresDecodable>(_ column: String) -> T {
        get throws { try cells[column].decode(T.self) }
    }

    /// A column holding JSON text, parsed; nil when the column is NULL.
    func json(_ column: String) throws -> JSONValue? {
        let text: String? = try self[column]
        return try text.map { try JSONParser.parse($0) }
    }
}

/// A statement assembled from parts (optional filters), its values bound as `$1`, `$2`, … in order.
struct PostgresStatement {
    private(set) var binds = PostgresBindings()

    /// Binds `value` and returns its placeholder.
    mutating func bind<Value: PostgresNonThrowingEncodable>(_ value: Value) -> String {
        binds.append(value)
        return "$\(binds.count)"
    }

    /// The statement with these binds.
    func query(_ sql: String) -> PostgresQuery {
        PostgresQuery(unsafeSQL: sql, binds: binds)
    }
}

import Foundation
import Logging
import PlugboardCore
import PostgresNIO

/// The shared store: every aggregate in one PostgreSQL database, so any number of Plugboard replicas can serve
/// the same applications. Each method is one transaction on a pooled connection; the schema is migrated once at
/// start under an advisory lock.
public final class PostgresStore: Store {
    let pool: PostgresConnectionPool
    let logger: Logger
    /// `host:port/database`, for messages; never the password.
    let endpoint: String
    /// Opens a connection outside the pool (for listening), failures mapped to `unavailable`.
    let connect: @Sendable () async throws -> PostgresConnection
    /// Where this schema's changes are announced (`NOTIFY`); PostgreSQL keeps the first 63 bytes of a channel name.
    let changeChannel: String
    /// This store's own id in the announcements, so it ignores its own.
    let origin = UUID().uuidString

    /// Connects through `connect`, migrates `schema` (creating it if needed) and returns the store.
    public static func open(
        endpoint: String, schema: String, poolSize: Int, logger: Logger, connect: @escaping @Sendable () async throws -> PostgresConnection
    ) async throws -> PostgresStore {
        let store = PostgresStore(endpoint: endpoint, schema: schema, poolSize: poolSize, logger: logger, connect: connect)
        do {
            try await PostgresMigrations.migrate(store, schema: schema)
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    private init(
        endpoint: String, schema: String, poolSize: Int, logger: Logger, connect: @escaping @Sendable () async throws -> PostgresConnection
    ) {
        self.endpoint = endpoint
        self.logger = logger
        self.changeChannel = String(decoding: Array("plugboard_changes:\(schema)".utf8).prefix(63), as: UTF8.self)
        let mappedConnect: @Sendable () async throws -> PostgresConnection = {
            do {
                return try await connect()
            } catch {
                throw Self.unreachable(endpoint, error)
            }
        }
        self.connect = mappedConnect
        self.pool = PostgresConnectionPool(size: poolSize, connect: mappedConnect)
    }

    /// Closes the store's connections.
    public func close() async {
        await pool.close()
    }

    /// Runs `body` in a transaction, committed when it returns and rolled back when it throws. A serialization
    /// failure or deadlock is retried; database failures become Plugboard errors.
    @discardableResult
    func write<T>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await withConnection { session in try await session.transaction { try await body(session) } }
            } catch let error as PSQLError {
                if attempt < 4 && Self.isRetryable(error) { continue }
                throw mapped(error)
            }
        }
    }

    /// Runs `body` on a pooled connection outside a transaction.
    @discardableResult
    func read<T>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        try await withConnection(body)
    }

    private func withConnection<T>(_ body: (PostgresSession) async throws -> T) async throws -> T {
        let connection = try await pool.lease()
        do {
            let value = try await body(PostgresSession(connection: connection, logger: logger))
            await pool.release(connection)
            return value
        } catch let error as ConnectorError {
            await pool.release(connection)
            throw error
        } catch let error as PSQLError {
            // A server error leaves the connection usable; anything else may have broken the protocol's state.
            await pool.release(connection, discard: error.code != .server)
            if Self.isRetryable(error) { throw error }
            throw mapped(error)
        } catch {
            await pool.release(connection, discard: true)
            throw mapped(error)
        }
    }

    private static func isRetryable(_ error: PSQLError) -> Bool {
        let state = error.serverInfo?[.sqlState]
        return state == "40001" || state == "40P01"
    }

    /// PostgreSQL's failures as Plugboard errors, like the SQLite store's: a taken name, a missing reference, an
    /// unreachable database.
    func mapped(_ error: any Error) -> ConnectorError {
        if let error = error as? ConnectorError { return error }
        guard let error = error as? PSQLError else { return Self.unreachable(endpoint, error) }
        guard error.code == .server, let info = error.serverInfo else { return Self.unreachable(endpoint, error) }
        switch info[.sqlState] {
        case "23505":
            return ConnectorError(.alreadyExists, message: "That name is already taken in this application.", field: "name")
        case "23503":
            return ConnectorError(.invalidInput, message: "A referenced record does not exist or is still in use.")
        case let state?:
            return ConnectorError(.internalError, message: "The database failed: \(info[.message] ?? "an error") (SQLSTATE \(state)).")
        case nil:
            return ConnectorError(.internalError, message: "The database failed.")
        }
    }

    static func unreachable(_ endpoint: String, _ error: any Error) -> ConnectorError {
        let reason = (error as? ConnectorError)?.message ?? "the connection failed or was closed"
        return ConnectorError(
            .unavailable, message: "Plugboard's database at \(endpoint) is unreachable: \(reason)",
            cause: "PostgreSQL is down, restarting, or refuses this login.",
            fix: "Check that PostgreSQL runs and that the database URL's host, user and password are right.", retryable: true)
    }

    /// The newest schema version this build migrates to.
    public static var latestSchemaVersion: Int { PostgresMigrations.all.count }

    /// The newest migration applied to the database.
    public func schemaVersion() async throws -> Int {
        try await read { session in try await session.count("SELECT COALESCE(MAX(version), 0) FROM plugboard_migrations") }
    }

    /// The value in the `metadata` table under `key`, or nil.
    public func metadata(_ key: String) async throws -> Data? {
        try await read { session in try await session.first("SELECT value FROM metadata WHERE key = \(key)")?["value"] }
    }

    /// Inserts or replaces the `metadata` row for `key`.
    public func setMetadata(_ key: String, _ value: Data) async throws {
        try await write { session in
            try await session.execute(
                "INSERT INTO metadata (key, value) VALUES (\(key), \(value)) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            if key == SecretBox.canaryMetadataKey { try await announce(StoreChange(.keys, applicationID: nil), session) }
        }
    }
}

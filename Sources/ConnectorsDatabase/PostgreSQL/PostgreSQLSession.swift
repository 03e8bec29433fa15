import Logging
import NIOCore
import PlugboardCore
import PostgresNIO
import Synchronization

/// One server connection of a `postgresql` connector, lent to one execution at a time by an exclusive pool.
///
/// When the server ends the connection (a restart, `pg_terminate_backend`), the next execution that borrows
/// the session opens a new one through the same guarded dialer, so a restart is survived.
public final class PostgreSQLSession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: PostgreSQLConfiguration
    private let connector: PostgreSQLConnector
    private let current: Mutex<PostgresConnection?>

    init(configuration: PostgreSQLConfiguration, connector: PostgreSQLConnector, connection: PostgresConnection) {
        self.configuration = configuration
        self.connector = connector
        self.current = Mutex(connection)
    }

    var failure: PostgreSQLFailure {
        PostgreSQLFailure(endpoint: connector.endpoint, connectTimeout: configuration.connectTimeout, readOnly: !configuration.allowWrites)
    }

    /// The live connection, reopened first if the server closed the previous one.
    func connection(context: CallContext) async throws -> PostgresConnection {
        if let connection = current.withLock({ $0 }), !connection.isClosed { return connection }
        let stale = current.withLock { value -> PostgresConnection? in
            let old = value
            value = nil
            return old
        }
        if let stale { try? await stale.close() }
        let fresh = try await connector.connect(deadline: context.deadline)
        current.withLock { $0 = fresh }
        return fresh
    }

    /// Runs one statement and reads up to `limit` rows (nil: all), mapping failures to `ConnectorError`.
    func run(_ query: PostgresQuery, on connection: PostgresConnection, limit: Int?, logger: Logger) async throws -> PostgreSQLResult {
        do {
            let rows = try await connection.query(query, logger: logger)
            var result = PostgreSQLResult(columns: rows.columns)
            for try await row in rows {
                if let limit, result.rows.count >= limit {
                    result.truncated = true
                    continue
                }
                result.append(row)
            }
            return result
        } catch {
            throw failure.map(error)
        }
    }

    /// Runs a statement whose rows are not wanted (BEGIN, COMMIT, SET).
    func execute(_ sql: String, on connection: PostgresConnection, logger: Logger) async throws {
        do {
            try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
        } catch {
            throw failure.map(error)
        }
    }

    /// Rolls back whatever transaction is open; a broken connection is closed so the next use reconnects.
    func rollback(_ connection: PostgresConnection, logger: Logger) async {
        do {
            try await connection.query("ROLLBACK", logger: logger)
        } catch {
            try? await connection.close()
        }
    }

    /// Closes the server connection.
    public func close() async {
        let connection = current.withLock { value -> PostgresConnection? in
            let old = value
            value = nil
            return old
        }
        try? await connection?.close()
    }
}

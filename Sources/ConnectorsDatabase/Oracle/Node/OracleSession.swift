import PlugboardCore
import Synchronization

/// One server session of an `oracle` connector, lent to one execution at a time by an exclusive pool. When the
/// connection broke (the server ended it, a call was abandoned), the next execution opens a new one.
public final class OracleSession: ConnectorSession {
    public let configuration: OracleConfiguration
    private let login: OracleConnection.Login
    private let network: any NetworkAccess
    private let current: Mutex<OracleConnection?>

    init(configuration: OracleConfiguration, login: OracleConnection.Login, network: any NetworkAccess, connection: OracleConnection) {
        self.configuration = configuration
        self.login = login
        self.network = network
        self.current = Mutex(connection)
    }

    var failure: OracleFailure {
        OracleFailure(
            endpoint: TCPConnectOptions(host: login.descriptor.host, port: login.descriptor.port).endpoint,
            target: login.descriptor.targetDescription, readOnly: !configuration.allowWrites)
    }

    /// The live connection, reopened first if the previous one broke.
    func connection() async throws -> OracleConnection {
        if let connection = current.withLock({ $0 }), connection.isUsable { return connection }
        let stale = current.withLock { value -> OracleConnection? in
            defer { value = nil }
            return value
        }
        await stale?.abandon()
        let fresh = try await OracleConnection.open(login, network: network)
        current.withLock { $0 = fresh }
        return fresh
    }

    /// Runs one statement, mapping failures to `ConnectorError`.
    func run(
        _ sql: OracleSQL, binds: [OracleBind], on connection: OracleConnection, limit: Int?, commit: Bool = false
    ) async throws -> OracleConnection.StatementResult {
        do {
            let timeout = configuration.statementTimeout > .zero ? configuration.statementTimeout : nil
            return try await connection.run(sql, binds: binds, limit: limit, commit: commit, callTimeout: timeout)
        } catch {
            throw failure.map(error)
        }
    }

    /// Rolls back whatever is open; a connection that cannot is abandoned so the next use reconnects.
    func rollback(_ connection: OracleConnection) async {
        guard connection.isUsable else { return }
        do {
            try await connection.rollback()
        } catch {
            await connection.abandon()
        }
    }

    /// Commits, mapping failures to `ConnectorError`.
    func commit(_ connection: OracleConnection) async throws {
        do {
            try await connection.commit()
        } catch {
            throw failure.map(error)
        }
    }

    /// Logs off and closes the connection.
    public func close() async {
        let connection = current.withLock { value -> OracleConnection? in
            defer { value = nil }
            return value
        }
        await connection?.close()
    }
}

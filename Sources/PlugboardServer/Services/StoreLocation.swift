import ConnectorsDatabase
import Foundation
import Logging
import PlugboardCore
import PlugboardNetwork
import PlugboardStore

/// Where Plugboard keeps its state: SQLite in the data folder (the embedded default), or a shared PostgreSQL
/// database named by `--database` or `PLUGBOARD_DATABASE_URL` for several replicas.
public enum StoreLocation: Sendable {
    case sqlite(path: String)
    case postgres(PostgreSQLConnectionURL)

    /// The environment variable naming the PostgreSQL database.
    public static let environmentVariable = "PLUGBOARD_DATABASE_URL"

    /// PostgreSQL when `PLUGBOARD_DATABASE_URL` is set, else SQLite in `dataDirectory`.
    public static func from(environment: [String: String], dataDirectory: String) throws(ConnectorError) -> StoreLocation {
        if let url = environment[environmentVariable], !url.isEmpty {
            return .postgres(try PostgreSQLConnectionURL(url, field: environmentVariable))
        }
        return .sqlite(path: (dataDirectory as NSString).appendingPathComponent("plugboard.sqlite"))
    }

    /// Opens the store, applying pending migrations; PostgreSQL is reached with the platform's TLS and, since it is
    /// the operator's own database and not a connector's target, without the egress guard's address limits.
    public func open(logger: Logger) async throws -> any Store {
        switch self {
        case .sqlite(let path):
            return try SQLiteStore(path: path)
        case .postgres(let url):
            let everywhere = ["0.0.0.0/0", "::/0"].compactMap(CIDRBlock.init)
            let connector = PostgreSQLConnector(
                configuration: url.configuration, network: GuardedNetwork(policy: EgressPolicy(allowed: everywhere)),
                credential: url.credential, logger: logger)
            let timeout = url.configuration.connectTimeout
            return try await PostgresStore.open(
                endpoint: "\(connector.endpoint)/\(url.configuration.database)", schema: url.configuration.schema,
                poolSize: url.configuration.poolSize, logger: logger
            ) { try await connector.connect(deadline: .now + timeout) }
        }
    }
}

import PlugboardCore
import PostgresNIO

/// The `postgresql` node: SQL queries with bound `@name` parameters, row changes by table, transactions and
/// schema discovery, on PostgresNIO over a connection the runtime's egress guard opened.
public struct PostgreSQLDriver: ConnectorDriver, SchemaDiscovering {
    /// The node as the catalogue lists it.
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "postgresql", category: "Databases", displayName: "PostgreSQL",
        description: """
            Query and change a PostgreSQL database. Queries take named parameters (@name) bound from a variables object, \
            never spliced into the SQL, and return rows as JSON with their column names and types. Connectors are read-only \
            unless 'Allow writes' is on: queries then run in a READ ONLY transaction that cannot be escaped. Insert, update \
            and delete rows by table, run several statements as one transaction, and list schemas, tables, columns and keys.
            """,
        credentialKinds: [.usernamePassword, .clientCertificate], credentialRequired: true)

    /// The driver; it holds no state.
    public init() {}

    /// query, insert, update, delete, transaction and describe.
    public var actions: [ConnectorAction<PostgreSQLSession>] {
        [Self.queryAction, Self.insertAction, Self.updateAction, Self.deleteAction, Self.transactionAction, Self.describeAction]
    }

    /// Opens one server connection through the guarded dialer and logs in.
    public func openSession(_ configuration: PostgreSQLConfiguration, context: SessionContext) async throws -> PostgreSQLSession {
        let connector = PostgreSQLConnector(
            configuration: configuration, network: context.network, credential: context.credential, logger: context.logger)
        let connection = try await connector.connect(deadline: context.deadline)
        return PostgreSQLSession(configuration: configuration, connector: connector, connection: connection)
    }

    /// The server's version and the round-trip time of a trivial statement.
    public func test(_ session: PostgreSQLSession, context: CallContext) async throws -> JSONValue {
        let connection = try await session.connection(context: context)
        let started = ContinuousClock.now
        _ = try await session.run("SELECT 1", on: connection, limit: 1, logger: context.logger)
        let roundTrip = ContinuousClock.now - started
        let version = try await session.run(
            "SELECT current_setting('server_version') AS version, version() AS banner, current_user AS role",
            on: connection, limit: 1, logger: context.logger)
        let row = version.rows.first
        return [
            "serverVersion": row?["version"] ?? .null, "banner": row?["banner"] ?? .null, "role": row?["role"] ?? .null,
            "roundTripMs": .number(Double(roundTrip / .microseconds(1)) / 1000),
            "tls": .string(session.configuration.tlsMode.rawValue),
        ]
    }
}

import PlugboardCore

/// The `oracle` node: SQL with bound `:name` placeholders, row changes by table, transactions and schema discovery,
/// over our own thin-protocol client (TNS, TTC, O5LOGON) on connections the runtime's egress guard opened.
public struct OracleDriver: ConnectorDriver, SchemaDiscovering {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "oracle", category: "Databases", displayName: "Oracle Database",
        description: """
            Query and change an Oracle Database (12.1 and later, 23ai included) without an Oracle client. Queries take :name \
            placeholders bound from a variables object, never spliced into the SQL, and return rows as JSON with their column \
            names and Oracle types. Connectors are read-only unless 'Allow writes' is on: queries then run in a SET TRANSACTION \
            READ ONLY transaction. Insert, update and delete rows by table, run several statements as one transaction, and list \
            tables, columns and keys. Connect by service name, SID or Easy Connect, over TCP or TCPS.
            """,
        credentialKinds: [.usernamePassword], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<OracleSession>] {
        [Self.queryAction, Self.insertAction, Self.updateAction, Self.deleteAction, Self.transactionAction, Self.describeAction]
    }

    /// Opens one server session through the guarded dialer and logs in.
    public func openSession(_ configuration: OracleConfiguration, context: SessionContext) async throws -> OracleSession {
        guard let credential = context.credential, credential.kind == .usernamePassword else {
            throw ConnectorError.invalidConfiguration("Link a username and password credential.", field: "credential")
        }
        let descriptor = configuration.descriptor
        let tls = descriptor.tcps
            ? TLSOptions(verification: .full, trustRootsPEM: configuration.caCertificate.isEmpty ? nil : configuration.caCertificate)
            : nil
        let timeout = min(configuration.connectTimeout, max(context.deadline - .now, .milliseconds(1)))
        let login = OracleConnection.Login(
            descriptor: descriptor, user: credential["username"] ?? "", password: credential["password"] ?? "", tls: tls, connectTimeout: timeout)
        let connection = try await OracleConnection.open(login, network: context.network)
        return OracleSession(configuration: configuration, login: login, network: context.network, connection: connection)
    }

    /// The server's version, the session's user and the round-trip time of a trivial query.
    public func test(_ session: OracleSession, context: CallContext) async throws -> JSONValue {
        let connection = try await session.connection()
        let started = ContinuousClock.now
        let result = try await session.run(try OracleSQL("SELECT USER FROM DUAL"), binds: [], on: connection, limit: 1)
        let roundTrip = ContinuousClock.now - started
        let user = try result.rows.first.flatMap { row in try OracleValue.json(row.first ?? nil, column: result.columns[0], maxLOBBytes: 0) }
        return [
            "serverVersion": .string(connection.serverVersion), "user": user ?? .null,
            "roundTripMs": .number(Double(roundTrip / .microseconds(1)) / 1000), "tcps": .bool(session.configuration.descriptor.tcps),
        ]
    }
}

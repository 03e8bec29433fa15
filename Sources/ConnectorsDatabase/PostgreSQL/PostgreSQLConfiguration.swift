import NIOSSL
import PlugboardCore

/// The `postgresql` connector's fields, decoded once from the options a user saved.
public struct PostgreSQLConfiguration: ConnectorConfiguration {
    /// Name or IP address of the PostgreSQL server; reached through the egress guard.
    public var host: String
    /// The server's TCP port; 5432 unless set.
    public var port: Int
    /// The database every session connects to.
    public var database: String
    /// The schema unqualified names resolve to first (`search_path`), and the one `describe` lists by default.
    public var schema: String
    /// Whether and how sessions use TLS; `prefer` unless set.
    public var tlsMode: PostgreSQLTLSMode
    /// PEM certificates trusted for `verify-full` instead of the system roots.
    public var caCertificatePEM: String?
    /// The role name used with a client-certificate credential (a username/password credential names its own).
    public var user: String?
    /// Time allowed to connect and log in; 10 seconds unless set.
    public var connectTimeout: Duration
    /// Statements running longer are cancelled by the server (0 turns the limit off).
    public var statementTimeout: Duration
    /// Server connections this connector opens at most.
    public var poolSize: Int
    /// Off: every query runs in a READ ONLY transaction and row changes are refused.
    public var allowWrites: Bool
    /// Rows a query returns at most; more set `truncated`.
    public var maxRows: Int
    /// Shown in `pg_stat_activity.application_name`.
    public var applicationName: String

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = Schema.object(
        [
            "host": Schema.string(title: "Host", description: "Name or IP address of the PostgreSQL server.", minLength: 1),
            "port": Schema.integer(title: "Port", default: 5432, minimum: 1, maximum: 65535),
            "database": Schema.string(title: "Database", minLength: 1),
            "schema": Schema.string(title: "Schema", description: "Searched first for unqualified table names.", default: "public", minLength: 1),
            "tlsMode": Schema.string(
                title: "TLS mode", description: "verify-full checks the certificate and host name; require encrypts without checking.",
                default: "prefer", enum: PostgreSQLTLSMode.all.map(\.rawValue)),
            "caCertificate": Schema.string(
                title: "CA certificate (PEM)", description: "Trusted for verify-full instead of the system's certificate authorities."),
            "user": Schema.string(title: "User", description: "The role to log in as with a client-certificate credential."),
            "connectTimeout": Schema.number(title: "Connect timeout (seconds)", default: 10, minimum: 0.1, maximum: 300),
            "statementTimeout": Schema.number(
                title: "Statement timeout (seconds)", description: "The server cancels statements running longer; 0 means no limit.",
                default: 30, minimum: 0, maximum: 86400),
            "poolSize": Schema.integer(title: "Pool size", description: "Server connections opened at most.", default: 5, minimum: 1, maximum: 200),
            "allowWrites": Schema.boolean(
                title: "Allow writes", description: "Off: queries run read-only and insert, update and delete are refused.", default: false),
            "maxRows": Schema.integer(title: "Maximum rows", description: "Rows a query returns at most.", default: 1000, minimum: 1, maximum: 1_000_000),
            "applicationName": Schema.string(
                title: "Application name", description: "Shown in pg_stat_activity.", default: "plugboard", maxLength: 63),
        ], required: ["host", "database"])

    /// Decodes validated options; refuses a CA certificate that is not PEM.
    public init(options: OptionsReader) throws(ConnectorError) {
        guard let host = options.string("host"), !host.isEmpty else { throw .invalidConfiguration("The host is required.", field: "host") }
        guard let database = options.string("database") else { throw .invalidConfiguration("The database is required.", field: "database") }
        self.host = host
        self.database = database
        self.port = options.integer("port") ?? 5432
        self.schema = options.string("schema") ?? "public"
        self.tlsMode = options.string("tlsMode").flatMap(PostgreSQLTLSMode.init(named:)) ?? .prefer
        self.caCertificatePEM = options.string("caCertificate").flatMap { $0.isEmpty ? nil : $0 }
        self.user = options.string("user").flatMap { $0.isEmpty ? nil : $0 }
        self.connectTimeout = options.seconds("connectTimeout") ?? .seconds(10)
        self.statementTimeout = options.seconds("statementTimeout") ?? .seconds(30)
        self.poolSize = options.integer("poolSize") ?? 5
        self.allowWrites = options.bool("allowWrites") ?? false
        self.maxRows = options.integer("maxRows") ?? 1000
        self.applicationName = options.string("applicationName") ?? "plugboard"
        if let pem = caCertificatePEM {
            guard (try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)))?.isEmpty == false else {
                throw .invalidConfiguration("The CA certificate is not a PEM certificate.", field: "caCertificate")
            }
        }
    }

    /// Each execution has a connection of its own; at most `poolSize` are open.
    public var pooling: PoolSettings { .exclusive(poolSize) }
}

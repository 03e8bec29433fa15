import PlugboardCore

/// The `postgresql` connector's fields, decoded once from the options a user saved.
public struct PostgreSQLConfiguration: ConnectorConfiguration {
    /// Name or IP address of the PostgreSQL server; reached through the egress guard.
    public var host = ""
    /// The server's TCP port.
    public var port = 5432
    /// The database every session connects to.
    public var database = ""
    /// The schema unqualified names resolve to first (`search_path`), and the one `describe` lists by default.
    public var schema = "public"
    /// Whether and how sessions use TLS.
    public var tlsMode = PostgreSQLTLSMode.prefer
    /// PEM certificates trusted for `verify-full` instead of the system roots, as given.
    public var caCertificate = ""
    /// The role name used with a client-certificate credential (a username/password credential names its own).
    public var userName = ""
    /// Time allowed to connect and log in.
    public var connectTimeout: Duration = .seconds(10)
    /// Statements running longer are cancelled by the server (0 turns the limit off).
    public var statementTimeout: Duration = .seconds(30)
    /// Server connections this connector opens at most.
    public var poolSize = 5
    /// Off: every query runs in a READ ONLY transaction and row changes are refused.
    public var allowWrites = false
    /// Rows a query returns at most; more set `truncated`.
    public var maxRows = 1000
    /// Shown in `pg_stat_activity.application_name`.
    public var applicationName = "plugboard"

    /// The options at their defaults.
    public init() {}

    /// The connection fields users fill in: the schema, the decoder and the defaults in one declaration.
    public static let fields = FieldList<Self> {
        Field("host", \.host, title: "Host", description: "Name or IP address of the PostgreSQL server.", minLength: 1, required: true)
        Field("port", \.port, title: "Port", minimum: 1, maximum: 65535)
        Field("database", \.database, title: "Database", minLength: 1, required: true)
        Field("schema", \.schema, title: "Schema", description: "Searched first for unqualified table names.", minLength: 1)
        Field(
            "tlsMode", \.tlsMode, title: "TLS mode",
            description: "verify-full checks the certificate and host name; require encrypts without checking.")
        Field(
            "caCertificate", \.caCertificate, title: "CA certificate (PEM)",
            description: "Trusted for verify-full instead of the system's certificate authorities.")
        Field("user", \.userName, title: "User", description: "The role to log in as with a client-certificate credential.")
        Field("connectTimeout", \.connectTimeout, title: "Connect timeout (seconds)", minimum: .milliseconds(100), maximum: .seconds(300))
        Field(
            "statementTimeout", \.statementTimeout, title: "Statement timeout (seconds)",
            description: "The server cancels statements running longer; 0 means no limit.", minimum: .zero, maximum: .seconds(86400))
        Field("poolSize", \.poolSize, title: "Pool size", description: "Server connections opened at most.", minimum: 1, maximum: 200)
        Field(
            "allowWrites", \.allowWrites, title: "Allow writes",
            description: "Off: queries run read-only and insert, update and delete are refused.")
        Field("maxRows", \.maxRows, title: "Maximum rows", description: "Rows a query returns at most.", minimum: 1, maximum: 1_000_000)
        Field("applicationName", \.applicationName, title: "Application name", description: "Shown in pg_stat_activity.", maxLength: 63)
    }

    /// Refuses a CA certificate that is not PEM.
    public func validate() throws(ConnectorError) {
        if let pem = caCertificatePEM, !PEMCertificates.areWellFormed(pem) {
            throw .invalidConfiguration("The CA certificate is not a PEM certificate.", field: "caCertificate")
        }
    }

    /// PEM certificates trusted for `verify-full`; nil trusts the system's.
    public var caCertificatePEM: String? { caCertificate.isEmpty ? nil : caCertificate }
    /// The role name for a client-certificate credential; nil when not given.
    public var user: String? { userName.isEmpty ? nil : userName }

    /// Each execution has a connection of its own; at most `poolSize` are open.
    public var pooling: PoolSettings { .exclusive(poolSize) }
}

import Foundation
import PlugboardCore

/// A libpq-style connection URL, `postgres://user:password@host:5432/database?sslmode=verify-full&sslrootcert=ca.pem`,
/// read into the node's configuration and a username/password credential. How Plugboard is pointed at its own
/// PostgreSQL store (`--database`, `PLUGBOARD_DATABASE_URL`).
///
/// Parameters: `sslmode` (disable, prefer, require, verify-full; verify-ca is read as verify-full), `sslrootcert` (a PEM
/// file), `schema` (default `public`), `pool_size`, `connect_timeout` (seconds), `statement_timeout` (seconds),
/// `application_name`. Failures name the parameter but never echo the password.
public struct PostgreSQLConnectionURL: Sendable {
    /// Host, port, database, schema, TLS and limits.
    public var configuration: PostgreSQLConfiguration
    /// The user and password the URL carries.
    public var credential: Credential

    /// Reads `text`; `invalid_configuration` naming `field` when it is not a PostgreSQL URL Plugboard can use.
    public init(_ text: String, field: String) throws(ConnectorError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
            scheme == "postgres" || scheme == "postgresql", let host = components.host, !host.isEmpty
        else {
            throw .invalidConfiguration("\(field) is not a URL such as postgres://user:password@host:5432/plugboard.", field: field)
        }
        var configuration = PostgreSQLConfiguration()
        configuration.host = host
        configuration.port = components.port ?? 5432
        configuration.database = String(components.percentEncodedPath.drop { $0 == "/" }).removingPercentEncoding ?? ""
        configuration.applicationName = "plugboard"
        configuration.statementTimeout = .seconds(60)
        guard !configuration.database.isEmpty else {
            throw .invalidConfiguration("\(field) names no database: add it as the path, such as /plugboard.", field: field)
        }
        for item in components.queryItems ?? [] {
            try Self.apply(item.name, item.value ?? "", to: &configuration, field: field)
        }
        let user = components.percentEncodedUser?.removingPercentEncoding ?? ""
        guard !user.isEmpty else {
            throw .invalidConfiguration("\(field) names no user: write it as postgres://user:password@host/database.", field: field)
        }
        let password = components.percentEncodedPassword?.removingPercentEncoding ?? ""
        self.configuration = configuration
        self.credential = Credential(id: "database", kind: .usernamePassword, fields: ["username": user, "password": password])
    }

    private static func apply(_ name: String, _ value: String, to configuration: inout PostgreSQLConfiguration, field: String) throws(ConnectorError) {
        func seconds() throws(ConnectorError) -> Duration {
            guard let number = Double(value), number >= 0 else {
                throw .invalidConfiguration("\(field): \(name) must be a number of seconds.", field: field)
            }
            return .milliseconds(Int64(number * 1000))
        }
        switch name {
        case "sslmode":
            guard let mode = value == "verify-ca" ? .verifyFull : PostgreSQLTLSMode(rawValue: value) else {
                throw .invalidConfiguration("\(field): sslmode must be disable, prefer, require or verify-full.", field: field)
            }
            configuration.tlsMode = mode
        case "sslrootcert":
            guard let pem = try? String(contentsOfFile: value, encoding: .utf8), PEMCertificates.areWellFormed(pem) else {
                throw .invalidConfiguration("\(field): sslrootcert \(value) is not a readable PEM certificate file.", field: field)
            }
            configuration.caCertificate = pem
        case "schema":
            guard !value.isEmpty, value.count <= 63 else { throw .invalidConfiguration("\(field): schema must be 1 to 63 characters.", field: field) }
            configuration.schema = value
        case "pool_size":
            guard let size = Int(value), (1...200).contains(size) else {
                throw .invalidConfiguration("\(field): pool_size must be from 1 to 200.", field: field)
            }
            configuration.poolSize = size
        case "connect_timeout": configuration.connectTimeout = max(try seconds(), .milliseconds(100))
        case "statement_timeout": configuration.statementTimeout = try seconds()
        case "application_name": configuration.applicationName = String(value.prefix(63))
        default:
            throw ConnectorError(
                .invalidConfiguration, message: "\(field) has the parameter '\(name)', which Plugboard does not know.",
                fix: "Use sslmode, sslrootcert, schema, pool_size, connect_timeout, statement_timeout or application_name.", field: field)
        }
    }
}

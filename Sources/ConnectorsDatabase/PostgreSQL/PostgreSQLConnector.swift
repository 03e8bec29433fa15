import Foundation
import Logging
import NIOCore
import NIOSSL
import PlugboardCore
import PostgresNIO
import Synchronization

/// Opens server connections for one connector version: a guarded TCP connection from the runtime's dialer,
/// then TLS and the login by PostgresNIO on that channel. The driver never opens a socket of its own.
struct PostgreSQLConnector: Sendable {
    let configuration: PostgreSQLConfiguration
    let network: any NetworkAccess
    let credential: Credential?
    let logger: Logger

    var endpoint: String { TCPConnectOptions(host: configuration.host, port: configuration.port).endpoint }

    /// A logged-in connection, within the connect timeout and the caller's deadline.
    func connect(deadline: ContinuousClock.Instant) async throws -> PostgresConnection {
        let (user, password) = try login()
        let timeout = min(configuration.connectTimeout, max(deadline - .now, .milliseconds(1)))
        let tls = try tlsSetting()
        let channel = try await network.connectTCP(TCPConnectOptions(host: configuration.host, port: configuration.port, connectTimeout: timeout))
        var settings = PostgresConnection.Configuration(establishedChannel: channel, tls: tls, username: user, password: password, database: configuration.database)
        settings.options.connectTimeout = .nanoseconds(Int64(timeout / .nanoseconds(1)))
        if IPAddress(configuration.host) == nil && !configuration.host.contains(":") {
            settings.options.tlsServerName = configuration.host
        }
        let statementMillis = Int64(configuration.statementTimeout / .milliseconds(1))
        settings.options.additionalStartupParameters = [
            ("application_name", configuration.applicationName),
            ("statement_timeout", "\(statementMillis)"),
            ("search_path", "\"\(configuration.schema.replacingOccurrences(of: "\"", with: "\"\""))\""),
        ]
        let failure = PostgreSQLFailure(endpoint: endpoint, connectTimeout: timeout)
        do {
            return try await PostgresConnection.connect(on: channel.eventLoop, configuration: settings, id: Self.nextID(), logger: logger).get()
        } catch {
            try? await channel.close()
            throw failure.map(error)
        }
    }

    /// The role and password: from a username/password credential, or the `user` field with a client certificate.
    private func login() throws(ConnectorError) -> (String, String?) {
        if let credential, credential.kind == .usernamePassword {
            return (credential["username"] ?? "", credential["password"])
        }
        guard let user = configuration.user else {
            throw .invalidConfiguration(
                "Link a username and password credential, or name the user for a client-certificate credential.", field: "user")
        }
        return (user, nil)
    }

    private func tlsSetting() throws(ConnectorError) -> PostgresConnection.Configuration.TLS {
        if configuration.tlsMode == .disable { return .disable }
        var tls = TLSConfiguration.makeClientConfiguration()
        if configuration.tlsMode == .verifyFull {
            tls.certificateVerification = .fullVerification
            if let pem = configuration.caCertificatePEM, let roots = try? NIOSSLCertificate.fromPEMBytes(Array(pem.utf8)) {
                tls.trustRoots = .certificates(roots)
            }
        } else {
            tls.certificateVerification = .none
        }
        if let credential, credential.kind == .clientCertificate {
            try PostgreSQLClientIdentity.apply(credential, to: &tls)
        }
        let context: NIOSSLContext
        do {
            context = try NIOSSLContext(configuration: tls)
        } catch {
            throw .invalidConfiguration("The TLS settings could not be used: \(String(describing: error).prefix(160))", field: "tlsMode")
        }
        return configuration.tlsMode == .prefer ? .prefer(context) : .require(context)
    }

    private static let ids = Atomic<Int>(0)

    private static func nextID() -> Int { ids.wrappingAdd(1, ordering: .relaxed).newValue }
}

import Foundation
import Logging
import NIOCore
import PlugboardCore
import PostgresNIO
import Synchronization

/// Opens server connections for one connector version: a guarded TCP connection from the runtime's dialer,
/// then TLS and the login by PostgresNIO on that channel. The driver never opens a socket of its own.
///
/// Plugboard's own PostgreSQL store connects through it too, so its TLS modes, certificates and failures are the node's.
public struct PostgreSQLConnector: Sendable {
    let configuration: PostgreSQLConfiguration
    let network: any NetworkAccess
    let credential: Credential?
    let logger: Logger

    /// Connects with `configuration` through `network`, logging in with a username/password or client-certificate credential.
    public init(configuration: PostgreSQLConfiguration, network: any NetworkAccess, credential: Credential?, logger: Logger) {
        self.configuration = configuration
        self.network = network
        self.credential = credential
        self.logger = logger
    }

    /// `host:port`, for messages.
    public var endpoint: String { TCPConnectOptions(host: configuration.host, port: configuration.port).endpoint }

    /// A logged-in connection, within the connect timeout and the caller's deadline.
    public func connect(deadline: ContinuousClock.Instant) async throws -> PostgresConnection {
        let (user, password) = try login()
        let timeout = min(configuration.connectTimeout, max(deadline - .now, .milliseconds(1)))
        // One connect deadline for every phase (TCP, the TLS request and handshake, the login), as PostgresNIO had.
        let connectDeadline = ContinuousClock.now + timeout
        let channel = try await network.connectTCP(address(until: connectDeadline))
        try await secure(channel, until: connectDeadline)
        // TLS, when used, is already on the channel (the network layer's); PostgresNIO speaks the protocol over it.
        var settings = PostgresConnection.Configuration(
            establishedChannel: channel, tls: .disable, username: user, password: password, database: configuration.database)
        settings.options.connectTimeout = .nanoseconds(Int64(address(until: connectDeadline).connectTimeout / .nanoseconds(1)))
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

    /// The server's address with what is left of the connect deadline as its timeout.
    private func address(until deadline: ContinuousClock.Instant) -> TCPConnectOptions {
        TCPConnectOptions(
            host: configuration.host, port: configuration.port, connectTimeout: max(deadline - .now, .milliseconds(1)))
    }

    /// Asks for TLS as the mode says and sets it up through the network layer: `prefer` stays in plain text when the
    /// server declines, `require` and `verify-full` refuse to.
    private func secure(_ channel: any Channel, until deadline: ContinuousClock.Instant) async throws {
        guard let tls = tlsOptions else { return }
        let accepted: Bool
        do {
            accepted = try await PostgreSQLSSLRequest.send(on: channel, endpoint: endpoint, timeout: address(until: deadline).connectTimeout)
        } catch {
            try? await channel.close()
            throw error
        }
        if accepted {
            try await network.startTLS(on: channel, tls, to: address(until: deadline))
        } else if configuration.tlsMode != .prefer {
            try? await channel.close()
            throw ConnectorError(
                .tlsCertificate, message: "\(endpoint) does not offer TLS, and the connector's TLS mode requires it.",
                cause: "The server has ssl = off.", fix: "Turn TLS on at the server, or set the TLS mode to prefer or disable.")
        }
    }

    /// The TLS the mode asks for: none for `disable`; unverified for `prefer` and `require` (as libpq does); the chain
    /// and the host name checked for `verify-full`. A client-certificate credential is presented when linked.
    private var tlsOptions: TLSOptions? {
        if configuration.tlsMode == .disable { return nil }
        let identity = credential?.kind == .clientCertificate ? credential : nil
        guard configuration.tlsMode == .verifyFull else { return TLSOptions(verification: .none, clientIdentity: identity) }
        return TLSOptions(verification: .full, trustRootsPEM: configuration.caCertificatePEM, clientIdentity: identity)
    }

    private static let ids = Atomic<Int>(0)

    private static func nextID() -> Int { ids.wrappingAdd(1, ordering: .relaxed).newValue }
}

import Foundation
import Logging
import NIOCore
import PlugboardCore
import PlugboardNetwork
import Testing

@testable import ConnectorsFiles

/// libcurl opens the FTP sockets itself, so each one is checked in its socket callback: a network that resolves the
/// host but refuses the socket keeps the connection from being made, and the refusal reaches the caller as
/// `egress_denied` in the network's own words.
@Suite struct FTPSocketCheckTests {
    /// The loopback guard, except that every socket is refused.
    struct RefusingSockets: NetworkAccess {
        let guarded = GuardedNetwork(policy: EgressPolicy(allowed: EgressPolicy.loopback))

        func makeHTTPClient(_ options: HTTPClientOptions) async throws -> any HTTPTransport { try await guarded.makeHTTPClient(options) }
        func connectTCP(_ options: TCPConnectOptions) async throws -> any Channel { try await guarded.connectTCP(options) }
        func startTLS(on channel: any Channel, _ tls: TLSOptions, to endpoint: TCPConnectOptions) async throws {
            try await guarded.startTLS(on: channel, tls, to: endpoint)
        }
        func checkedAddress(for host: String) async throws -> IPAddress { try await guarded.checkedAddress(for: host) }
        func denial(connectingTo address: IPAddress) -> String? { "the test refuses \(address)" }
    }

    @Test func theSocketCallbackRefusesWhatTheNetworkRefuses() async throws {
        let servers = try FTPServers.fromEnvironment()
        var configuration = FTPConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = servers.plain.port
        configuration.encryption = .none
        let context = SessionContext(
            network: RefusingSockets(), deadline: .now + .seconds(60), logger: Logger(label: "test.ftp"),
            credential: Credential(id: "login", kind: .usernamePassword, fields: ["username": servers.user, "password": servers.password]))
        do {
            let session = try await FTPDriver().openSession(configuration, context: context)
            _ = try await session.list(session.root.path, input: "/", field: "root", deadline: .now + .seconds(60))
            Issue.record("the listing went through a refused socket")
        } catch let error as ConnectorError {
            #expect(error.code == .egressDenied)
            #expect(error.message.contains("the test refuses 127.0.0.1"), "\(error.message)")
        }
    }
}

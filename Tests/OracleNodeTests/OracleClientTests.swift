import Foundation
import Logging
import PlugboardCore
import PlugboardNetwork
import Testing

@testable import ConnectorsDatabase

extension OracleDoubleTests {
    /// Our thin client straight against the double: the logon with each verifier kind, the listener's answers, and the
    /// session staying usable after an error and a call timeout.
    @Suite struct OracleClientTests {
        static let network = GuardedNetwork(policy: EgressPolicy(allowed: EgressPolicy.loopback))

        static func login(
            _ double: OracleDouble, user: String, password: String, target: OracleDescriptor.Target = .serviceName("FREEPDB1")
        ) -> OracleConnection.Login {
            OracleConnection.Login(
                descriptor: OracleDescriptor(host: double.host, port: double.port, target: target, tcps: false),
                user: user, password: password, tls: nil, connectTimeout: .seconds(10))
        }

        @Test(arguments: [("plugboard", "Plugboard-12c"), ("LEGACY", "Legacy-11g")])
        func logsInWithEitherVerifier(user: String, password: String) async throws {
            let double = try OracleDouble.fromEnvironment()
            let connection = try await OracleConnection.open(Self.login(double, user: user, password: password), network: Self.network)
            #expect(connection.serverVersion.hasPrefix("23."))
            let result = try await connection.run(try OracleSQL("SELECT USER FROM DUAL"), binds: [], limit: 10)
            #expect(result.rows.first?.first.flatMap { $0.map { String(decoding: $0, as: UTF8.self) } } == user.uppercased())
            await connection.close()
        }

        /// What the listener says, and the logons the server refuses, as `ConnectorError`s a user can act on.
        @Test(arguments: [
            (OracleDescriptor.Target.serviceName("NOSUCH"), "plugboard", "Plugboard-12c", "connection_refused", "ORA-12514"),
            (.sid("NOSUCH"), "plugboard", "Plugboard-12c", "connection_refused", "ORA-12505"),
            (.serviceName("BUSY"), "plugboard", "Plugboard-12c", "too_many_connections", "ORA-12519"),
            (.serviceName("FREEPDB1"), "plugboard", "wrong-password", "authentication_failed", "ORA-01017"),
            (.serviceName("FREEPDB1"), "nobody", "Plugboard-12c", "authentication_failed", "ORA-01017"),
            (.serviceName("FREEPDB1"), "crowded", "Crowded-12c", "too_many_connections", "ORA-00018"),
        ])
        func refusalsMapToTheTaxonomy(target: OracleDescriptor.Target, user: String, password: String, code: String, ora: String) async throws {
            let double = try OracleDouble.fromEnvironment()
            do {
                let login = Self.login(double, user: user, password: password, target: target)
                let connection = try await OracleConnection.open(login, network: Self.network)
                await connection.close()
                Issue.record("connected")
            } catch let error as ConnectorError {
                #expect(error.code.rawValue == code && error.details?["oraCode"]?.stringValue == ora, "\(error.json.jsonString())")
                #expect(!error.json.jsonString().contains(password) || password == "Plugboard-12c")
            }
        }

        @Test func nativeNetworkEncryptionIsRefusedPointingToTCPS() async throws {
            let double = try OracleDouble.fromEnvironment()
            do {
                let login = Self.login(double, user: "plugboard", password: "Plugboard-12c", target: .serviceName("NNE"))
                _ = try await OracleConnection.open(login, network: Self.network)
                Issue.record("connected")
            } catch let error as ConnectorError {
                #expect(error.code == .unsupported && error.message.contains("Native Network Encryption") && error.fix.contains("TCPS"))
            }
        }

        @Test func aRedirectAndTheSIDLeadToTheSameDatabase() async throws {
            let double = try OracleDouble.fromEnvironment()
            for target in [OracleDescriptor.Target.serviceName("MOVED"), .sid("FREE")] {
                let login = Self.login(double, user: "plugboard", password: "Plugboard-12c", target: target)
                let connection = try await OracleConnection.open(login, network: Self.network)
                let result = try await connection.run(try OracleSQL("SELECT COUNT(*) FROM SERIES"), binds: [], limit: 1)
                #expect(try OracleValue.json(result.rows.first?.first ?? nil, column: result.columns[0], maxLOBBytes: 0) == "250")
                await connection.close()
            }
        }

        @Test func tcpsChecksTheServersCertificate() async throws {
            let double = try OracleDouble.fromEnvironment()
            let descriptor = try #require(OracleDescriptor(connectString: "tcps://\(double.host):\(double.tcpsPort)/FREEPDB1"))
            var login = OracleConnection.Login(
                descriptor: descriptor, user: "legacy", password: "Legacy-11g", tls: TLSOptions(verification: .full, trustRootsPEM: double.caPEM),
                connectTimeout: .seconds(10))
            let connection = try await OracleConnection.open(login, network: Self.network)
            #expect(try await connection.run(try OracleSQL("SELECT USER FROM DUAL"), binds: [], limit: 1).rows.count == 1)
            await connection.close()
            login.tls = TLSOptions(verification: .full)
            do {
                _ = try await OracleConnection.open(login, network: Self.network)
                Issue.record("an unknown certificate authority was trusted")
            } catch let error as ConnectorError {
                #expect(error.code == .tlsCertificate, "\(error.json.jsonString())")
            }
        }
    }
}

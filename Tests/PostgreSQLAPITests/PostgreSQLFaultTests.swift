import PlugboardCore
import PlugboardTestSupport
import Testing

extension PostgreSQLTests {
    @Suite struct Faults {
        @Test func aWrongPortIsConnectionRefused() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("closed", options: ["port": .integer(Int64(ClosedPort.find()))])
                let reply = try await api.run("closed", "query", ["sql": "SELECT 1"])
                #expect(reply.errorCode == "connection_refused", "\(reply.text)")
            }
        }

        @Test func aWrongPasswordIsAuthenticationFailedAndNotEchoed() async throws {
            let wrong = "wrong-password-Z9x8"
            try await PostgreSQLFixture().run { api in
                try await api.makeCredential("bad", username: api.server.user, password: wrong)
                try await api.makeConnector("bad", credential: "bad")
                let reply = try await api.run("bad", "query", ["sql": "SELECT 1"])
                #expect(reply.errorCode == "authentication_failed", "\(reply.text)")
                #expect(reply.json["error"]?["details"]?["sqlState"] == "28P01")
                #expect(!reply.text.contains(wrong) && !reply.text.contains(api.server.password))
                let tested = try await api.call(.post, "/api/v1/applications/db/connectors/bad/test")
                #expect(tested.json["error"]?["code"] == "authentication_failed", "\(tested.text)")
            }
        }

        @Test func reachingMaxConnectionsIsTooManyConnections() async throws {
            try await PostgreSQLFixture().run { api in
                let limit = api.server.maxConnections
                try await api.makeConnector("hog", options: ["poolSize": .integer(Int64(limit + 8)), "applicationName": "pb-hog"])
                let codes = try await withThrowingTaskGroup(of: String.self) { group in
                    for _ in 0..<(limit + 8) {
                        group.addTask {
                            let reply = try await api.run("hog", "query", ["sql": "SELECT pg_sleep(1.5)"])
                            return reply.errorCode ?? "ok"
                        }
                    }
                    return try await group.reduce(into: [String]()) { $0.append($1) }
                }
                #expect(codes.contains("too_many_connections"), "\(codes)")
                #expect(codes.filter { $0 == "ok" }.count <= limit && codes.contains("ok"), "\(codes)")
                #expect(Set(codes).isSubset(of: ["ok", "too_many_connections"]), "\(codes)")
            }
        }

        @Test func tlsVerificationRefusesAnUntrustedCertificateAndAcceptsTheGivenCA() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("untrusted", options: ["tlsMode": "verify-full"])
                let reply = try await api.run("untrusted", "query", ["sql": "SELECT 1"])
                #expect(reply.errorCode == "tls_certificate", "\(reply.text)")

                try await api.makeConnector("trusted", options: ["tlsMode": "verify-full", "caCertificate": .string(api.server.caPEM)])
                #expect(try await api.scalar("trusted", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == true)
                try await api.makeConnector("by-name", options: ["tlsMode": "verify-full", "host": "localhost", "caCertificate": .string(api.server.caPEM)])
                #expect(try await api.scalar("by-name", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == true)
                try await api.makeConnector("plain", options: ["tlsMode": "disable"])
                #expect(try await api.scalar("plain", "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == false)
            }
        }

        @Test func aSilentListenerTimesOutWithinTheConnectTimeout() async throws {
            let silent = SilentServer()
            try await silent.start()
            defer { Task { await silent.stop() } }
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("silent", options: ["port": .integer(Int64(silent.port)), "connectTimeout": 1])
                let started = ContinuousClock.now
                let reply = try await api.run("silent", "query", ["sql": "SELECT 1"])
                let elapsed = ContinuousClock.now - started
                #expect(reply.errorCode == "connection_timed_out", "\(reply.text)")
                #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(3), "took \(elapsed)")
            }
        }

        @Test func aStatementPastTheTimeoutFailsAndTheSessionStaysUsable() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("slow", options: ["statementTimeout": 0.3, "poolSize": 1])
                let pid = try await api.scalar("slow", "SELECT pg_backend_pid()")
                let started = ContinuousClock.now
                let reply = try await api.run("slow", "query", ["sql": "SELECT pg_sleep(5)"])
                #expect(reply.errorCode == "statement_timeout", "\(reply.text)")
                #expect(reply.json["error"]?["details"]?["sqlState"] == "57014")
                #expect(ContinuousClock.now - started < .seconds(3))
                #expect(try await api.scalar("slow", "SELECT pg_backend_pid()") == pid, "the same connection serves the next execution")
            }
        }
    }
}

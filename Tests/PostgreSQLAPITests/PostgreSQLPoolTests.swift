import PlugboardCore
import Synchronization
import Testing

extension PostgreSQLTests {
    @Suite struct Pooling {
        @Test func connectionsAreReusedAcrossExecutions() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("reuse", options: ["poolSize": 5])
                var pids: Set<JSONValue> = []
                for _ in 0..<10 { pids.insert(try await api.scalar("reuse", "SELECT pg_backend_pid()") ?? .null) }
                #expect(pids.count == 1, "sequential executions share one connection: \(pids)")
            }
        }

        @Test func editingTheConnectorDrainsTheOldPool() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("edited", options: ["applicationName": "pb-edited"])
                try await api.makeConnector("watch", options: ["applicationName": "pb-watch"])
                let old = try #require(try await api.scalar("edited", "SELECT pg_backend_pid()"))
                let patched = try await api.call(
                    .patch, "/api/v1/applications/db/connectors/edited", ["options": .object(api.server.options(["applicationName": "pb-edited-2"]))])
                #expect(patched.status == .ok, "\(patched.text)")
                var gone = false
                for _ in 0..<40 where !gone {
                    gone = try await api.scalar("watch", "SELECT count(*) FROM pg_stat_activity WHERE pid = @pid", ["pid": old]) == 0
                    if !gone { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(gone, "the old connection was closed")
                #expect(try await api.scalar("edited", "SELECT current_setting('application_name')") == "pb-edited-2")
            }
        }

        @Test func aRotatedCredentialMovesNewCallsToNewConnectionsAndClosesTheOldOnes() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeCredential("rotating", username: api.server.user, password: api.server.password)
                try await api.makeConnector("rotated", options: ["applicationName": "pb-rotated"], credential: "rotating")
                try await api.makeConnector("observer", options: ["applicationName": "pb-observer"])
                let old = try #require(try await api.scalar("rotated", "SELECT pg_backend_pid()"))
                #expect(try await api.scalar("rotated", "SELECT current_user") == .string(api.server.user))
                try await api.expectOK(
                    .patch, "/api/v1/applications/db/credentials/rotating",
                    ["fields": ["username": .string(api.server.noCatalogUser), "password": .string(api.server.password)]])
                // The connection that logged in with the old credential is not lent again; the next call logs in anew.
                #expect(try await api.scalar("rotated", "SELECT current_user") == .string(api.server.noCatalogUser))
                var gone = false
                for _ in 0..<100 where !gone {
                    gone = try await api.scalar("observer", "SELECT count(*) FROM pg_stat_activity WHERE pid = @pid", ["pid": old]) == 0
                    if !gone { try await Task.sleep(for: .milliseconds(50)) }
                }
                #expect(gone, "the idle connection with the old credential was closed")
            }
        }

        @Test func aServerRestartAndATerminatedBackendAreSurvived() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("survivor", options: ["poolSize": 1])
                try await api.makeConnector("admin")
                let first = try #require(try await api.scalar("survivor", "SELECT pg_backend_pid()"))
                #expect(try await api.scalar("admin", "SELECT pg_terminate_backend(@pid)", ["pid": first]) == true)
                try await Task.sleep(for: .milliseconds(100))
                let second = try #require(try await api.scalar("survivor", "SELECT pg_backend_pid()"))
                #expect(second != first, "a new connection replaced the terminated one")

                try await api.server.restart()
                try await Task.sleep(for: .milliseconds(200))
                let third = try await api.scalar("survivor", "SELECT pg_backend_pid()")
                #expect(third != nil && third != second, "the next execution after the restart reconnects")
            }
        }

        @Test func fiftyConcurrentExecutionsShareAPoolOfFive() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("busy", options: ["poolSize": 5, "applicationName": "pb-busy"])
                try await api.makeConnector("sampler", options: ["applicationName": "pb-sampler"])
                let done = Atomic<Bool>(false)
                async let peak: Int = {
                    var peak = 0
                    while !done.load(ordering: .relaxed) {
                        let count = try await api.scalar("sampler", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pb-busy'")
                        peak = max(peak, Int(count?.integerValue ?? 0))
                        try await Task.sleep(for: .milliseconds(10))
                    }
                    return peak
                }()
                let replies = try await withThrowingTaskGroup(of: (String?, JSONValue?).self) { group in
                    for index in 0..<50 {
                        group.addTask {
                            let reply = try await api.run("busy", "query", ["sql": "SELECT pg_backend_pid() AS pid, @i::int AS i, pg_sleep(0.02)", "variables": ["i": .integer(Int64(index))]])
                            return (reply.errorCode, reply.rows.first?["pid"])
                        }
                    }
                    return try await group.reduce(into: [(String?, JSONValue?)]()) { $0.append($1) }
                }
                done.store(true, ordering: .relaxed)
                let observed = try await peak
                #expect(replies.allSatisfy { $0.0 == nil }, "\(replies.compactMap(\.0))")
                #expect(Set(replies.compactMap(\.1)).count <= 5)
                #expect(observed >= 1 && observed <= 5, "peak server connections: \(observed)")
                let after = try await api.scalar("sampler", "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'pb-busy'")
                #expect((after?.integerValue ?? 99) <= 5)
            }
        }
    }
}

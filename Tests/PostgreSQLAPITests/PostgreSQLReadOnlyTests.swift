import PlugboardCore
import Testing

extension PostgreSQLTests {
    @Suite struct ReadOnly {
        static let escapes = [
            "COMMIT; DROP TABLE guarded",
            "SET TRANSACTION READ WRITE",
            "BEGIN READ WRITE",
            "begin; delete from guarded",
            "SELECT 1; DELETE FROM guarded",
            "/* hide */ COMMIT",
            "END; DROP TABLE guarded",
            "ROLLBACK; DELETE FROM guarded",
            "DELETE FROM guarded",
            "DROP TABLE guarded",
            "UPDATE guarded SET v = 'changed'",
            "CREATE TABLE sneaky (a int)",
            "SELECT set_config('transaction_read_only', 'off', false)",
            "WITH gone AS (DELETE FROM guarded RETURNING *) SELECT * FROM gone",
            "DO $$ BEGIN COMMIT; DELETE FROM guarded; END $$",
            "START TRANSACTION READ WRITE",
        ]

        @Test(arguments: escapes)
        func anEscapeFailsWithPermissionDeniedAndChangesNothing(sql: String) async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("rw", options: ["allowWrites": true])
                try await api.makeConnector("ro")
                try await api.query("rw", "DROP TABLE IF EXISTS guarded")
                try await api.query("rw", "DROP TABLE IF EXISTS sneaky")
                try await api.query("rw", "CREATE TABLE guarded (id int PRIMARY KEY, v text)")
                try await api.query("rw", "INSERT INTO guarded VALUES (1, 'kept'), (2, 'kept')")

                let reply = try await api.run("ro", "query", ["sql": .string(sql)])
                #expect(reply.errorCode == "permission_denied", "\(sql) → \(reply.text)")
                // The session that refused it runs the next statement read-only again.
                let after = try await api.run("ro", "query", ["sql": "DELETE FROM guarded"])
                #expect(after.errorCode == "permission_denied", "\(after.text)")

                let rows = try await api.query("rw", "SELECT id, v FROM guarded ORDER BY id")
                #expect(rows.rows == [["id": 1, "v": "kept"], ["id": 2, "v": "kept"]], "the table is unchanged")
                #expect(try await api.scalar("rw", "SELECT to_regclass('sneaky') IS NULL") == true)
                try await api.query("rw", "DROP TABLE guarded")
            }
        }

        @Test func rowChangesAreRefusedOnAReadOnlyConnector() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("ro")
                for (action, input) in [
                    ("insert", ["table": "t", "values": ["a": 1]] as JSONValue), ("update", ["table": "t", "values": ["a": 1], "match": ["a": 2]]),
                    ("delete", ["table": "t", "match": ["a": 1]]),
                ] {
                    let reply = try await api.run("ro", action, input)
                    #expect(reply.errorCode == "permission_denied", "\(action): \(reply.text)")
                }
                #expect(try await api.scalar("ro", "SELECT current_setting('transaction_read_only')") == "on")
            }
        }

        @Test func aWriteConnectorStillRefusesTransactionControlAndSeveralStatements() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("rw", options: ["allowWrites": true])
                #expect(try await api.run("rw", "query", ["sql": "BEGIN"]).errorCode == "invalid_input")
                #expect(try await api.run("rw", "query", ["sql": "SELECT 1; SELECT 2"]).errorCode == "invalid_input")
                #expect(try await api.scalar("rw", "SELECT current_setting('transaction_read_only')") == "off")
            }
        }
    }
}

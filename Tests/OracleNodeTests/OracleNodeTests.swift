import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

extension OracleDoubleTests {
    /// The `oracle` node through Plugboard's API against the TTC double: every action, read-only by default, the
    /// statement timeout, the LOB limit, and no password anywhere it could leak.
    @Suite struct OracleNodeTests {
        /// Makes the `db` application, a credential for `user` and a connector `name` on the double.
        @discardableResult
        static func connector(
            _ api: APIClient, _ double: OracleDouble, name: String = "ora", user: String = "plugboard", password: String = "Plugboard-12c",
            options: JSONObject = [:]
        ) async throws -> APIClient.Reply {
            if try await api.call(.get, "/api/v1/applications/db").status != .ok { try await api.makeApplication("db") }
            let id = try await api.makeCredential(
                "db", name: "login-\(name)", kind: "username_password", fields: ["username": .string(user), "password": .string(password)])
            var settings: JSONObject = ["host": .string(double.host), "port": .integer(Int64(double.port)), "serviceName": "FREEPDB1"]
            for (key, value) in options { settings[key] = value }
            return try await api.makeConnector("db", type: "oracle", name: name, options: settings, credential: id)
        }

        @Test func everyActionWithWritesAllowed() async throws {
            let double = try OracleDouble.fromEnvironment()
            let fixture = try await APIFixture()
            try await fixture.run { api in
                #expect(try await Self.connector(api, double, options: ["allowWrites": true]).status == .created)
                let test = try await api.call(.post, "/api/v1/applications/db/connectors/ora/test")
                #expect(test.json["ok"] == true && test.json["details"]?["serverVersion"]?.stringValue?.hasPrefix("23.") == true, "\(test.text)")
                #expect(test.json["details"]?["user"] == "PLUGBOARD")

                let id = Int64.random(in: 100_000...999_999)
                let inserted = try await api.run("db", "ora", "insert", ["table": "ITEMS", "values": ["ID": .integer(id), "NAME": "Bolt", "PRICE": "0.75"]])
                #expect(inserted.output["rowCount"] == 1, "\(inserted.text)")
                let read = try await api.run("db", "ora", "query", ["sql": "SELECT ID, NAME, PRICE FROM ITEMS WHERE ID = :id", "variables": ["id": .integer(id)]])
                #expect(read.output["rows"] == [["ID": .string(String(id)), "NAME": "Bolt", "PRICE": "0.75"]], "\(read.text)")
                #expect(read.output["columns"] == [["name": "ID", "type": "NUMBER"], ["name": "NAME", "type": "VARCHAR2"], ["name": "PRICE", "type": "NUMBER"]])
                let updated = try await api.run("db", "ora", "update", ["table": "ITEMS", "values": ["NAME": "Nut"], "match": ["ID": .integer(id)]])
                #expect(updated.output["rowCount"] == 1, "\(updated.text)")
                let duplicate = try await api.run("db", "ora", "insert", ["table": "ITEMS", "values": ["ID": .integer(id), "NAME": "Again"]])
                #expect(duplicate.errorCode == "invalid_input" && duplicate.error["details"]?["oraCode"] == "ORA-00001", "\(duplicate.text)")

                // A transaction whose second statement fails leaves nothing behind.
                let failed = try await api.run("db", "ora", "transaction", ["statements": [
                    ["sql": "UPDATE ITEMS SET NAME = :n WHERE ID = :id", "variables": ["n": "Lost", "id": .integer(id)]],
                    ["sql": "INSERT INTO ITEMS (ID, NAME) VALUES (:id, NULL)", "variables": ["id": .integer(id + 1)]],
                ]])
                #expect(failed.errorCode == "invalid_input" && failed.error["details"]?["oraCode"] == "ORA-01400", "\(failed.text)")
                #expect(failed.error["field"] == "statements[1].sql" && failed.error["message"]?.stringValue?.hasPrefix("Statement 2 failed") == true)
                let kept = try await api.run("db", "ora", "query", ["sql": "SELECT NAME FROM ITEMS WHERE ID = :id", "variables": ["id": .integer(id)]])
                #expect(kept.output["rows"] == [["NAME": "Nut"]], "\(kept.text)")
                let done = try await api.run("db", "ora", "transaction", ["statements": [
                    ["sql": "INSERT INTO ORDERS (ID, ITEM_ID, QTY) VALUES (:o, :i, 2)", "variables": ["o": .integer(id), "i": .integer(id)]],
                    ["sql": "SELECT QTY FROM ORDERS WHERE ID = :o", "variables": ["o": .integer(id)]],
                ]])
                #expect(done.output["results"]?.arrayValue?.last?["rows"] == [["QTY": "2"]], "\(done.text)")
                #expect(try await api.run("db", "ora", "delete", ["table": "ORDERS", "match": ["ID": .integer(id)]]).output["rowCount"] == 1)
                let deleted = try await api.run("db", "ora", "delete", ["table": "ITEMS", "match": ["ID": .integer(id)]])
                #expect(deleted.output["rowCount"] == 1, "\(deleted.text)")
                let unmatched = try await api.run("db", "ora", "delete", ["table": "ITEMS", "match": [:]])
                #expect(unmatched.errorCode == "invalid_input" && unmatched.error["field"] == "match")

                let described = try await api.run("db", "ora", "describe")
                let tables = described.output["tables"]?.arrayValue ?? []
                let items = try #require(tables.first { $0["name"] == "ITEMS" }, "\(described.text)")
                #expect(items["primaryKey"] == ["ID"] && items["columns"]?.arrayValue?.first?["type"] == "NUMBER" && items["columns"]?.arrayValue?.dropFirst().first?["nullable"] == false)
                let orders = try #require(tables.first { $0["name"] == "ORDERS" })
                #expect(orders["foreignKeys"]?.arrayValue?.first?["referencedTable"] == "ITEMS" && orders["foreignKeys"]?.arrayValue?.first?["columns"] == ["ITEM_ID"], "\(orders)")
                let schema = try await api.call(.get, "/api/v1/applications/db/connectors/ora/schema")
                #expect(schema.status == .ok && schema.text.contains("TYPES_DEMO"), "\(schema.text)")
                #expect(!fixture.logs.text.contains("Plugboard-12c"))
            }
        }

        @Test func readOnlyUnlessWritesAreAllowed() async throws {
            let double = try OracleDouble.fromEnvironment()
            try await APIFixture().run { api in
                try await Self.connector(api, double)
                let read = try await api.run("db", "ora", "query", ["sql": "SELECT COUNT(*) AS N FROM SERIES"])
                #expect(read.output["rows"] == [["N": "250"]], "\(read.text)")
                let write = try await api.run("db", "ora", "query", ["sql": "DELETE FROM ITEMS WHERE ID = :id", "variables": ["id": 1]])
                #expect(write.errorCode == "permission_denied" && write.error["details"]?["oraCode"] == "ORA-01456", "\(write.text)")
                for sql in ["COMMIT", "BEGIN DBMS_SESSION.SLEEP(1); END;", "DROP TABLE ITEMS", "SET TRANSACTION READ WRITE"] {
                    let refused = try await api.run("db", "ora", "query", ["sql": .string(sql)])
                    #expect(refused.errorCode == "permission_denied" && refused.error["field"] == "sql", "\(sql): \(refused.text)")
                }
                let insert = try await api.run("db", "ora", "insert", ["table": "ITEMS", "values": ["ID": 5, "NAME": "x"]])
                #expect(insert.errorCode == "permission_denied")
                let still = try await api.run("db", "ora", "query", ["sql": "SELECT NAME FROM ITEMS WHERE ID = 1"])
                #expect(still.output["rows"] == [["NAME": "Widget"]], "\(still.text)")
                let missing = try await api.run("db", "ora", "query", ["sql": "SELECT * FROM ITEMS WHERE ID = :id"])
                #expect(missing.errorCode == "invalid_input" && missing.error["field"] == "variables.id", "\(missing.text)")
            }
        }

        @Test func theStatementTimeoutInterruptsTheCallAndTheSessionGoesOn() async throws {
            let double = try OracleDouble.fromEnvironment()
            try await APIFixture().run { api in
                try await Self.connector(api, double, options: ["allowWrites": true, "statementTimeout": 0.5, "poolSize": 1])
                let slow = try await api.run("db", "ora", "query", ["sql": "BEGIN DBMS_SESSION.SLEEP(:s); END;", "variables": ["s": 60]])
                #expect(slow.errorCode == "statement_timeout" && slow.error["details"]?["oraCode"] == "ORA-01013", "\(slow.text)")
                let next = try await api.run("db", "ora", "query", ["sql": "SELECT 1 AS ONE FROM DUAL"])
                #expect(next.output["rows"] == [["ONE": "1"]], "\(next.text)")
            }
        }

        @Test func aLOBLargerThanTheLimitIsRefusedSayingHowToReadIt() async throws {
            let double = try OracleDouble.fromEnvironment()
            try await APIFixture().run { api in
                try await Self.connector(api, double, options: ["maxLOBBytes": 100])
                let big = try await api.run("db", "ora", "query", ["sql": "SELECT C FROM TYPES_DEMO WHERE ID = 1"])
                #expect(big.errorCode == "payload_too_large" && big.text.contains("DBMS_LOB.SUBSTR"), "\(big.text)")
                let null = try await api.run("db", "ora", "query", ["sql": "SELECT B FROM TYPES_DEMO WHERE ID = 2"])
                #expect(null.output["rows"] == [["B": .null]], "\(null.text)")
            }
        }
    }
}

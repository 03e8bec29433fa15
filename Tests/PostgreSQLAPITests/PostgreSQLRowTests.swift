import PlugboardCore
import Testing

extension PostgreSQLTests {
    @Suite struct Rows {
        @Test func insertUpdateAndDeleteByTableWithQuotedIdentifiersAndBoundValues() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("rw", options: ["allowWrites": true])
                try await api.query("rw", #"DROP TABLE IF EXISTS "Order ""Items""""#)
                try await api.query("rw", #"CREATE TABLE "Order ""Items""" (id serial PRIMARY KEY, "Product Name" text NOT NULL, qty int DEFAULT 1, note text)"#)
                let table: JSONValue = #"Order "Items""#

                let inserted = try await api.run("rw", "insert", ["table": table, "values": ["Product Name": "O'Brien's \"tea\"", "note": nil]])
                #expect(inserted.status == .ok, "\(inserted.text)")
                #expect(inserted.rows == [["id": 1, "Product Name": "O'Brien's \"tea\"", "qty": 1, "note": nil]], "RETURNING * gives defaults")
                try await api.run("rw", "insert", ["table": table, "values": ["Product Name": "coffee", "qty": 3]])

                let updated = try await api.run("rw", "update", ["table": table, "values": ["qty": 5], "match": ["Product Name": "O'Brien's \"tea\""]])
                #expect(updated.rows.count == 1 && updated.rows.first?["qty"] == 5, "\(updated.text)")
                let byNull = try await api.run("rw", "update", ["table": table, "values": ["note": "n"], "match": ["note": nil]])
                #expect(byNull.rows.count == 2, "null in match means IS NULL")

                let refusedEverything = try await api.run("rw", "delete", ["table": table, "match": [:]])
                #expect(refusedEverything.errorCode == "invalid_input")
                let deleted = try await api.run("rw", "delete", ["table": table, "match": ["id": 2]])
                #expect(deleted.rows.first?["Product Name"] == "coffee")
                let left = try await api.query("rw", #"SELECT "Product Name", qty FROM "Order ""Items""""#)
                #expect(left.rows == [["Product Name": "O'Brien's \"tea\"", "qty": 5]])

                let missing = try await api.run("rw", "insert", ["table": "no_such_table", "values": ["a": 1]])
                #expect(missing.errorCode == "invalid_input", "\(missing.text)")
                try await api.query("rw", #"DROP TABLE "Order ""Items""""#)
            }
        }

        @Test func aTransactionIsAllOrNothing() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("rw", options: ["allowWrites": true])
                try await api.query("rw", "DROP TABLE IF EXISTS ledger")
                try await api.query("rw", "CREATE TABLE ledger (id int PRIMARY KEY, amount numeric NOT NULL)")
                let insert = "INSERT INTO ledger VALUES (@id, @amount) RETURNING amount"
                let failing = try await api.run("rw", "transaction", ["statements": [
                    ["sql": .string(insert), "variables": ["id": 1, "amount": "10.50"]],
                    ["sql": .string(insert), "variables": ["id": 2, "amount": "-10.50"]],
                    ["sql": .string(insert), "variables": ["id": 1, "amount": "0"]],
                ]])
                #expect(failing.errorCode == "invalid_input" && failing.json["error"]?["details"]?["sqlState"] == "23505", "\(failing.text)")
                #expect(failing.json["error"]?["field"] == "statements[2].sql")
                #expect(try await api.scalar("rw", "SELECT count(*) FROM ledger") == 0, "nothing was committed")

                let done = try await api.run("rw", "transaction", ["statements": [
                    ["sql": .string(insert), "variables": ["id": 1, "amount": "10.50"]],
                    ["sql": .string(insert), "variables": ["id": 2, "amount": "-10.50"]],
                    ["sql": "SELECT sum(amount) AS total FROM ledger"],
                ]])
                #expect(done.status == .ok, "\(done.text)")
                #expect(done.output["results"]?.arrayValue?[2]["rows"]?.arrayValue?.first?["total"] == "0.00")
                #expect(try await api.scalar("rw", "SELECT count(*) FROM ledger") == 2)

                try await api.makeConnector("ro")
                let readOnly = try await api.run("ro", "transaction", ["statements": [["sql": "SELECT 1 AS one"], ["sql": "DELETE FROM ledger"]]])
                #expect(readOnly.errorCode == "permission_denied", "\(readOnly.text)")
                #expect(try await api.scalar("rw", "SELECT count(*) FROM ledger") == 2)
                try await api.query("rw", "DROP TABLE ledger")
            }
        }
    }
}

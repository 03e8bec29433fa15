import PlugboardCore
import Testing

extension PostgreSQLTests {
    @Suite struct Describe {
        @Test func describeListsTablesViewsColumnsKeysAndIndexes() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("rw", options: ["allowWrites": true])
                try await api.query("rw", "DROP SCHEMA IF EXISTS shop CASCADE")
                try await api.query("rw", "CREATE SCHEMA shop")
                try await api.run("rw", "transaction", ["statements": [
                    ["sql": "CREATE TABLE shop.customers (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE, created timestamptz DEFAULT now())"],
                    ["sql": "CREATE TABLE shop.orders (id int, line int, customer bigint NOT NULL REFERENCES shop.customers (id), total numeric(10,2), PRIMARY KEY (id, line))"],
                    ["sql": "CREATE INDEX orders_by_customer ON shop.orders (customer)"],
                    ["sql": "CREATE VIEW shop.big_orders AS SELECT * FROM shop.orders WHERE total > 100"],
                ]])
                try await api.makeConnector("shop", options: ["schema": "shop"])
                let reply = try await api.run("shop", "describe", [:])
                #expect(reply.status == .ok, "\(reply.text)")
                let schemas = reply.output["schemas"]?.arrayValue ?? []
                #expect(schemas.contains("public") && schemas.contains("shop") && !schemas.contains("pg_catalog"))
                let tables = reply.output["tables"]?.arrayValue ?? []
                #expect(tables.compactMap { $0["name"]?.stringValue } == ["big_orders", "customers", "orders"])
                let customers = try #require(tables.first { $0["name"] == "customers" })
                #expect(customers["kind"] == "table" && customers["primaryKey"] == ["id"])
                let email = customers["columns"]?.arrayValue?.first { $0["name"] == "email" }
                #expect(email?["type"] == "text" && email?["nullable"] == false && email?["default"] == .null)
                let id = customers["columns"]?.arrayValue?.first { $0["name"] == "id" }
                #expect(id?["type"] == "bigint" && id?["default"]?.stringValue?.hasPrefix("nextval(") == true)
                #expect(customers["indexes"]?.arrayValue?.contains { $0["unique"] == true && $0["primary"] == false } == true)

                let orders = try #require(tables.first { $0["name"] == "orders" })
                #expect(orders["primaryKey"] == ["id", "line"])
                let foreignKey = orders["foreignKeys"]?.arrayValue?.first
                #expect(foreignKey?["columns"] == ["customer"] && foreignKey?["referencedTable"] == "customers")
                #expect(foreignKey?["referencedSchema"] == "shop" && foreignKey?["referencedColumns"] == ["id"])
                #expect(orders["columns"]?.arrayValue?.first { $0["name"] == "total" }?["type"] == "numeric(10,2)")
                #expect(orders["indexes"]?.arrayValue?.contains { $0["name"] == "orders_by_customer" } == true)
                #expect(tables.first { $0["name"] == "big_orders" }?["kind"] == "view")
                try await api.query("rw", "DROP SCHEMA shop CASCADE")
            }
        }

        @Test func aRoleThatCannotReadTheCatalogGetsSchemaDiscoveryFailed() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeCredential("blind", username: api.server.noCatalogUser, password: api.server.password)
                try await api.makeConnector("blind", credential: "blind")
                #expect(try await api.scalar("blind", "SELECT 40 + 2") == 42, "the role can log in and query")
                let reply = try await api.run("blind", "describe", [:])
                #expect(reply.errorCode == "schema_discovery_failed", "\(reply.text)")
                #expect(reply.json["error"]?["fix"]?.stringValue?.contains("GRANT SELECT") == true)
            }
        }

        @Test func testConnectionReportsVersionAndLatency() async throws {
            try await PostgreSQLFixture().run { api in
                try await api.makeConnector("ro")
                let reply = try await api.call(.post, "/api/v1/applications/db/connectors/ro/test")
                #expect(reply.status == .ok, "\(reply.text)")
                #expect(reply.json["details"]?["serverVersion"]?.stringValue?.first?.isNumber == true)
                #expect((reply.json["details"]?["roundTripMs"]?.doubleValue ?? -1) >= 0)
                #expect(reply.json["details"]?["role"] == .string(api.server.user))
            }
        }
    }
}

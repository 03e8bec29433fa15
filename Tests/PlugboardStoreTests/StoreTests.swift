import Foundation
import Logging
import PlugboardCore
import PlugboardRuntime
import PlugboardStore
import Testing

/// What every store must do, proven on SQLite and on PostgreSQL.
@Suite struct StoreTests {
    @Test(arguments: StoreKind.allCases) func connectorsAreScopedNamedUniquelyAndPaged(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.remove() }
        let store = fixture.store
        let app = ApplicationRecord(name: "crm")
        let other = ApplicationRecord(name: "billing")
        try await store.insertApplication(app)
        try await store.insertApplication(other)
        for index in 0..<12 {
            try await store.insertConnector(ConnectorRecord(
                applicationID: app.id, name: "api-\(index)", description: "", type: index.isMultiple(of: 2) ? "plugboard.nodes.rest" : "plugboard.nodes.x",
                options: ["baseUrl": "http://example.test"], credentialID: nil))
        }
        // The same name in another application is fine; twice in one is not.
        try await store.insertConnector(ConnectorRecord(applicationID: other.id, name: "api-0", description: "", type: "t", options: [:], credentialID: nil))
        await #expect(throws: ConnectorError.self) {
            try await store.insertConnector(ConnectorRecord(applicationID: app.id, name: "api-0", description: "", type: "t", options: [:], credentialID: nil))
        }
        let page = try await store.connectors(applicationID: app.id, filter: ConnectorFilter(), PageRequest(limit: 5, offset: 10))
        #expect(page.total == 12 && page.items.count == 2)
        let rest = try await store.connectors(applicationID: app.id, filter: ConnectorFilter(type: "plugboard.nodes.rest"), PageRequest())
        #expect(rest.total == 6)
        let named = try await store.connectors(applicationID: app.id, filter: ConnectorFilter(name: "i-1"), PageRequest())
        #expect(Set(named.items.map(\.name)) == ["api-1", "api-10", "api-11"])
        #expect(try await store.connector(applicationID: other.id, "api-1") == nil)
    }

    @Test(arguments: StoreKind.allCases) func aConnectorWithDependentsIsNotDeleted(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.remove() }
        let store = fixture.store
        let app = ApplicationRecord(name: "ops")
        try await store.insertApplication(app)
        let connector = ConnectorRecord(applicationID: app.id, name: "db", description: "", type: "t", options: [:], credentialID: nil)
        try await store.insertConnector(connector)
        let dependent = DependentRecord(connectorID: connector.id, kind: "tool_binding", name: "agent tools")
        try await store.insertDependent(dependent)
        do {
            try await store.deleteConnector(applicationID: app.id, id: connector.id)
            Issue.record("the delete should have been refused")
        } catch let error as ConnectorError {
            #expect(error.code == .connectorInUse)
            #expect(error.details?["dependents"]?.arrayValue?.first?["name"] == "agent tools")
        }
        #expect(try await store.connector(applicationID: app.id, connector.id) != nil)
        try await store.deleteDependent(id: dependent.id)
        try await store.deleteConnector(applicationID: app.id, id: connector.id)
        #expect(try await store.connector(applicationID: app.id, connector.id) == nil)
    }

    @Test(arguments: StoreKind.allCases) func staleUpdatesAreRefused(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.remove() }
        let store = fixture.store
        let app = ApplicationRecord(name: "a")
        try await store.insertApplication(app)
        var connector = ConnectorRecord(applicationID: app.id, name: "c", description: "", type: "t", options: [:], credentialID: nil)
        try await store.insertConnector(connector)
        connector.version = 2
        connector.description = "first"
        try await store.updateConnector(connector, expectedVersion: 1)
        connector.version = 3
        connector.description = "second, from a stale read"
        await #expect(throws: ConnectorError.self) { try await store.updateConnector(connector, expectedVersion: 1) }
        #expect(try await store.connector(applicationID: app.id, "c")?.description == "first")
    }

    @Test(arguments: StoreKind.allCases) func executionsAreWrittenInBatchesAndListedNewestFirst(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.remove() }
        let store = fixture.store
        let base = Date()
        let records = (0..<30).map { index in
            ExecutionRecord(
                applicationID: "app", connectorID: "conn", connectorName: "c", action: "request", tokenName: "t",
                status: index.isMultiple(of: 3) ? "failed" : "succeeded", errorCode: index.isMultiple(of: 3) ? "upstream_error" : nil,
                durationMs: 1.5, inputBytes: 10, outputBytes: 20, startedAt: base.addingTimeInterval(Double(index)))
        }
        try await store.insertExecutions(records)
        let page = try await store.executions(applicationID: "app", filter: ExecutionFilter(status: "failed"), PageRequest(limit: 3))
        #expect(page.total == 10)
        #expect(page.items.first?.startedAt.timeIntervalSince1970.rounded() == base.addingTimeInterval(27).timeIntervalSince1970.rounded())
    }

    @Test(arguments: StoreKind.allCases) func executionsPastTheRetentionAreDeleted(_ kind: StoreKind) async throws {
        let fixture = try await StoreFixture(kind)
        defer { fixture.remove() }
        let now = Date()
        let records = [40, 31, 29, 1].map { days in
            ExecutionRecord(
                applicationID: "app", connectorID: "conn", connectorName: "c", action: "request", tokenName: "t", status: "succeeded",
                errorCode: nil, durationMs: 1, inputBytes: 1, outputBytes: 1, startedAt: now.addingTimeInterval(-Double(days) * 86400))
        }
        try await fixture.store.insertExecutions(records)
        #expect(try await fixture.store.deleteExecutions(startedBefore: now.addingTimeInterval(-30 * 86400)) == 2)
        // The log prunes by its retention setting: 7 days leaves the record of yesterday.
        let log = ExecutionLog(store: fixture.store, logger: Logger(label: "log"), retention: .seconds(7 * 86400))
        await log.prune()
        let left = try await fixture.store.executions(applicationID: "app", filter: ExecutionFilter(), PageRequest())
        #expect(left.items.count == 1 && left.items.first?.startedAt.timeIntervalSince(records[3].startedAt) ?? 1 < 0.01)
    }
}

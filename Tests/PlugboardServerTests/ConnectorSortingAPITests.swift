import Foundation
import Hummingbird
import PlugboardCore
import PlugboardStore
import PlugboardAPITestSupport
import Testing

/// `sort` and `order` on the connectors list, which the web UI's table uses.
@Suite struct ConnectorSortingAPITests {
    @Test func theListSortsByNameCreatedAtAndTypeInBothDirections() async throws {
        let fixture = try await APIFixture()
        let app = try await fixture.instance.store.createApplicationForSorting()
        let base = Date(timeIntervalSince1970: 1_800_000_000)
        // Created in the order c, a, b: names and creation times disagree, so each sort is visible.
        for (offset, name) in ["charlie", "alpha", "bravo"].enumerated() {
            try await fixture.instance.store.insertConnector(ConnectorRecord(
                applicationID: app.id, name: name, description: "", type: "plugboard.nodes.rest", options: ["baseUrl": "http://127.0.0.1:9"],
                credentialID: nil, createdAt: base.addingTimeInterval(Double(offset)), updatedAt: base))
        }
        try await fixture.run { api in
            func names(_ query: String) async throws -> [String] {
                let reply = try await api.call(.get, "/api/v1/applications/\(app.name)/connectors?\(query)")
                #expect(reply.status == .ok, "\(reply.text)")
                return reply.json["items"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            }
            #expect(try await names("") == ["alpha", "bravo", "charlie"])
            #expect(try await names("sort=name&order=desc") == ["charlie", "bravo", "alpha"])
            #expect(try await names("sort=createdAt") == ["charlie", "alpha", "bravo"])
            #expect(try await names("sort=createdAt&order=desc") == ["bravo", "alpha", "charlie"])
            #expect(try await names("sort=type&order=asc&limit=2&offset=1").count == 2)
            #expect(try await names("sort=createdAt&order=desc&limit=1&offset=1") == ["alpha"])

            let badSort = try await api.call(.get, "/api/v1/applications/\(app.name)/connectors?sort=name;DROP%20TABLE%20connectors")
            #expect(badSort.status == .badRequest)
            #expect(badSort.json["error"]?["field"] == "sort")
            let badOrder = try await api.call(.get, "/api/v1/applications/\(app.name)/connectors?order=sideways")
            #expect(badOrder.json["error"]?["field"] == "order")
            #expect(try await names("").count == 3, "the table is still there")
        }
    }
}

extension Store {
    fileprivate func createApplicationForSorting() async throws -> ApplicationRecord {
        let record = ApplicationRecord(name: "sorting")
        try await insertApplication(record)
        return record
    }
}

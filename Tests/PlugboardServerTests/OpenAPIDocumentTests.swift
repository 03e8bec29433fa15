import Hummingbird
import PlugboardCore
@testable import PlugboardServer
import PlugboardAPITestSupport
import Testing

@Suite struct OpenAPIDocumentTests {
    @Test func theDocumentListsEveryRouteAndItsSchemasResolve() async throws {
        let fixture = try await APIFixture()
        let routes = fixture.instance.routes
        try await fixture.run { api in
            let document = try await api.call(.get, "/openapi.json", token: nil).json
            #expect(document["openapi"] == "3.1.0")
            let paths = try #require(document["paths"]?.objectValue)
            for route in routes {
                let operation = paths[route.path]?[route.method.rawValue.lowercased()]
                #expect(operation?["operationId"]?.stringValue == route.operationID, "\(route.method) \(route.path)")
            }
            let schemas = try #require(document["components"]?["schemas"]?.objectValue)
            var references: [String] = []
            func collect(_ value: JSONValue) {
                switch value {
                case .object(let object):
                    if let ref = object["$ref"]?.stringValue { references.append(ref) }
                    object.forEach { collect($0.value) }
                case .array(let array): array.forEach(collect)
                default: break
                }
            }
            collect(.object(paths))
            for reference in references {
                #expect(schemas[String(reference.dropFirst("#/components/schemas/".count))] != nil, "\(reference)")
            }
            // Every documented path answers something other than "no such route".
            for route in routes where route.method == .get && !route.path.contains("{") {
                let reply = try await api.call(.get, route.path)
                #expect(reply.status != .notFound, "\(route.path)")
            }
        }
    }
}

import Hummingbird
import PlugboardCore
import PlugboardTestSupport
import PlugboardAPITestSupport
import Testing

@Suite struct RolesAPITests {
    @Test func rolesLimitWhatATokenMayDoAndOtherApplicationsAreInvisible() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            let other = try await api.makeApplication("hr")
            try await api.makeRESTConnector(app, name: "echo", baseURL: upstream.baseURL)
            try await api.makeRESTConnector(other, name: "hr-api", baseURL: upstream.baseURL)
            func token(_ role: String) async throws -> String {
                let reply = try await api.call(.post, "/api/v1/tokens", ["name": .string("\(role)-token"), "application": "crm", "role": .string(role)])
                #expect(reply.status == .created, "\(reply.text)")
                return try #require(reply.json["token"]?.stringValue)
            }
            let runner = try await token("runner")
            let viewer = try await token("viewer")
            let editor = try await token("editor")
            let run = "/api/v1/applications/crm/connectors/echo/actions/request"
            #expect(try await api.call(.post, run, ["path": "/json"], token: runner).status == .ok)
            #expect(try await api.call(.post, run, ["path": "/json"], token: viewer).status == .forbidden)
            #expect(try await api.call(.get, "/api/v1/applications/crm/connectors", token: viewer).status == .ok)
            let create: JSONValue = ["type": "plugboard.nodes.rest", "name": "new", "options": ["baseUrl": "http://127.0.0.1:9"]]
            let refused = try await api.call(.post, "/api/v1/applications/crm/connectors", create, token: runner)
            #expect(refused.status == .forbidden && refused.errorCode == "permission_denied")
            #expect(try await api.call(.post, "/api/v1/applications/crm/connectors", create, token: editor).status == .created)
            // Another application's resources look like they do not exist.
            #expect(try await api.call(.get, "/api/v1/applications/hr/connectors", token: editor).status == .notFound)
            #expect(try await api.call(.post, "/api/v1/applications/hr/connectors/hr-api/actions/request", ["path": "/json"], token: runner).status == .notFound)
            #expect(try await api.call(.post, "/api/v1/applications", ["name": "mine"], token: editor).status == .forbidden)
            #expect(try await api.call(.get, "/api/v1/applications", token: viewer).json["total"] == 1)
            let tokens = try await api.call(.get, "/api/v1/tokens")
            #expect(!tokens.text.contains(runner))
            #expect(tokens.json["items"]?.arrayValue?.count == 4)
        }
    }
}

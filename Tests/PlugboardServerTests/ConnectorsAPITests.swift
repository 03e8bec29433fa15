import Hummingbird
import PlugboardCore
import PlugboardStore
import PlugboardTestSupport
import PlugboardAPITestSupport
import Testing

@Suite struct ConnectorsAPITests {
    @Test func theConnectorLifecycle() async throws {
        let fixture = try await APIFixture()
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await fixture.run { api in
            let app = try await api.makeApplication("crm")
            let created = try await api.makeRESTConnector(app, name: "billing-api", baseURL: upstream.baseURL)
            #expect(created["type"] == "plugboard.nodes.rest" && created["resource"] == "plugboard.nodes.rest")
            #expect(created["version"] == 1)
            #expect(created["options"]?["timeout"] != nil, "defaults are filled in")
            let id = try #require(created["id"]?.stringValue)

            let list = try await api.call(.get, "/api/v1/applications/\(app)/connectors?type=plugboard.nodes.rest&name=billing")
            #expect(list.json["total"] == 1)
            #expect(list.json["items"]?[0]?["name"] == "billing-api")

            let tested = try await api.call(.post, "/api/v1/applications/\(app)/connectors/billing-api/test")
            #expect(tested.status == .ok, "\(tested.text)")
            #expect(tested.json["ok"] == true && tested.json["latencyMs"]?.doubleValue != nil)

            let patched = try await api.call(.patch, "/api/v1/applications/\(app)/connectors/\(id)", ["description": "Billing", "options": ["baseUrl": .string(upstream.baseURL + "/v2")]])
            #expect(patched.status == .ok, "\(patched.text)")
            #expect(patched.json["version"] == 2 && patched.json["description"] == "Billing")

            let ran = try await api.call(.post, "/api/v1/applications/\(app)/connectors/billing-api/actions/request", ["path": "/echo", "query": ["q": "1"]])
            #expect(ran.status == .ok, "\(ran.text)")
            #expect(upstream.lastRequest?.path == "/v2/echo", "the update applies to the next execution")

            #expect(try await api.call(.delete, "/api/v1/applications/\(app)/connectors/\(id)").status == .noContent)
            #expect(try await api.call(.get, "/api/v1/applications/\(app)/connectors/\(id)").status == .notFound)
        }
    }

    @Test func badConnectorsAreRefusedWithOneMessagePerField() async throws {
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            let path = "/api/v1/applications/\(app)/connectors"
            let unknownType = try await api.call(.post, path, ["type": "plugboard.nodes.nope", "name": "x", "options": [:]])
            #expect(unknownType.status == .badRequest && unknownType.json["error"]?["field"] == "type")

            let badOptions = try await api.call(.post, path, ["type": "plugboard.nodes.rest", "name": "x", "options": ["timeout": "soon", "retries": -1, "bogus": true]])
            #expect(badOptions.status == .badRequest && badOptions.errorCode == "invalid_configuration")
            let fields = Set(badOptions.json["error"]?["details"]?["fields"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
            #expect(fields == ["baseUrl", "timeout", "retries", "bogus"], "\(badOptions.text)")

            try await api.makeRESTConnector(app, name: "taken", baseURL: "http://127.0.0.1:9")
            let duplicate = try await api.call(.post, path, ["type": "plugboard.nodes.rest", "name": "taken", "options": ["baseUrl": "http://127.0.0.1:9"]])
            #expect(duplicate.status == .conflict && duplicate.errorCode == "already_exists")

            try await api.call(.post, "/api/v1/applications/\(app)/credentials", ["name": "ssh", "kind": "ssh_key", "fields": ["username": "u", "privateKey": "k"]])
            let wrongKind = try await api.call(.post, path, ["type": "plugboard.nodes.rest", "name": "y", "options": ["baseUrl": "http://127.0.0.1:9"], "credentialId": "ssh"])
            #expect(wrongKind.status == .badRequest && wrongKind.json["error"]?["field"] == "credentialId")

            let other = try await api.makeApplication("other")
            try await api.call(.post, "/api/v1/applications/\(other)/credentials", ["name": "theirs", "kind": "bearer_token", "fields": ["token": "abcdefgh"]])
            let foreign = try await api.call(.post, path, ["type": "plugboard.nodes.rest", "name": "z", "options": ["baseUrl": "http://127.0.0.1:9"], "credentialId": "theirs"])
            #expect(foreign.status == .badRequest && foreign.json["error"]?["field"] == "credentialId")

            #expect(try await api.call(.get, path).json["total"] == 1, "nothing half-written")
            #expect(try await api.call(.get, path + "/missing").status == .notFound)
        }
    }

    @Test func aConnectorWithDependentsIsNotDeleted() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            let app = try await api.makeApplication("crm")
            let connector = try await api.makeRESTConnector(app, name: "api", baseURL: "http://127.0.0.1:9")
            let id = try #require(connector["id"]?.stringValue)
            try await fixture.instance.store.insertDependent(DependentRecord(connectorID: id, kind: "tool_binding", name: "support agent"))
            let dependents = try await api.call(.get, "/api/v1/applications/\(app)/connectors/api/dependents")
            #expect(dependents.json["items"]?[0]?["name"] == "support agent")
            let refused = try await api.call(.delete, "/api/v1/applications/\(app)/connectors/api")
            #expect(refused.status == .conflict && refused.errorCode == "connector_in_use")
            #expect(refused.json["error"]?["details"]?["dependents"]?[0]?["kind"] == "tool_binding")
            #expect(try await api.call(.get, "/api/v1/applications/\(app)/connectors/api").status == .ok)
        }
    }

    @Test func theCatalogueDescribesTheRESTType() async throws {
        try await APIFixture().run { api in
            let types = try await api.call(.get, "/api/v1/connector-types")
            let rest = try #require(types.json["items"]?.arrayValue?.first { $0["id"] == "plugboard.nodes.rest" })
            #expect(rest["optionsSchema"]?["required"] == ["baseUrl"])
            #expect(rest["credentialKinds"]?.arrayValue?.contains("oauth2") == true)
            let request = try #require(rest["actions"]?.arrayValue?.first { $0["name"] == "request" })
            #expect(request["inputSchema"]?["type"] == "object")
            #expect(request["annotations"]?["readOnly"] == false)
            let kinds = try await api.call(.get, "/api/v1/credential-kinds")
            #expect(kinds.json["total"] == 8)
        }
    }
}

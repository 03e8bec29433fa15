import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// Documents the node cannot use are refused at creation with the reason; usable ones are described by discovery.
@Suite struct OpenAPIDocumentTests {
    /// One unusable inline document and a phrase its refusal must contain.
    struct Refusal: Sendable, CustomTestStringConvertible {
        var name: String
        var document: String
        var phrase: String
        var testDescription: String { name }
    }

    static let minimalPaths = #""paths": {"/x": {"get": {"operationId": "x", "responses": {"200": {"description": "ok"}}}}}"#
    static let refusals: [Refusal] = [
        Refusal(name: "not OpenAPI", document: #"{"hello": "world"}"#, phrase: "not an OpenAPI document"),
        Refusal(name: "not an object", document: "- just\n- a list\n", phrase: "not an OpenAPI document"),
        Refusal(name: "Swagger 2.0", document: #"{"swagger": "2.0", "info": {"title": "t", "version": "1"}, "paths": {}}"#, phrase: "Swagger 2.0"),
        Refusal(
            name: "unsupported version", document: #"{"openapi": "4.0.0", "info": {"title": "t", "version": "1"}, \#(minimalPaths)}"#,
            phrase: "OpenAPI 4.0.0"),
        Refusal(
            name: "no operations",
            document: #"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "servers": [{"url": "http://127.0.0.1:1"}], "paths": {}}"#,
            phrase: "no operations"),
        Refusal(
            name: "broken $ref",
            document: #"""
                {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "servers": [{"url": "http://127.0.0.1:1"}],
                 "paths": {"/x": {"get": {"operationId": "x", "parameters": [{"$ref": "#/components/parameters/Missing"}],
                 "responses": {"200": {"description": "ok"}}}}}}
                """#,
            phrase: "a $ref points at nothing"),
        Refusal(
            name: "relative server inline",
            document: #"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "servers": [{"url": "/v1"}], \#(minimalPaths)}"#,
            phrase: "no usable server"),
        Refusal(
            name: "malformed operation",
            document: #"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/x": {"get": {"responses": "nope"}}}}"#,
            phrase: "could not be read"),
    ]

    @Test("unusable inline documents are refused at creation with the reason", arguments: refusals)
    func refusedInline(_ refusal: Refusal) async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            try await api.makeApplication("pets")
            let reply = try await api.makeConnector("pets", type: "openapi", name: "bad", options: ["document": .string(refusal.document)])
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.errorCode == "invalid_configuration")
            let message = reply.error["message"]?.stringValue ?? ""
            #expect(message.contains(refusal.phrase), "\(message)")
            let listed = try await api.call(.get, "/api/v1/applications/pets/connectors/bad")
            #expect(listed.status == .notFound)
        }
    }

    @Test("URL documents are fetched and checked before saving")
    func refusedByURL() async throws {
        try await withPetstore { server, _, api in
            let missing = try await api.makeConnector("pets", type: "openapi", name: "gone", options: ["documentUrl": .string(server.baseURL + "/missing.json")])
            #expect(missing.errorCode == "invalid_configuration", "\(missing.text)")
            #expect(missing.error["message"]?.stringValue?.contains("answered HTTP 404") == true, "\(missing.text)")

            let notADocument = try await api.makeConnector("pets", type: "openapi", name: "text", options: ["documentUrl": .string(server.baseURL + "/v1/health")])
            #expect(notADocument.errorCode == "invalid_configuration", "\(notADocument.text)")
            #expect(notADocument.error["message"]?.stringValue?.contains("not an OpenAPI document") == true, "\(notADocument.text)")

            let both = try await api.makeConnector(
                "pets", type: "openapi", name: "both",
                options: ["documentUrl": .string(server.baseURL + "/openapi.json"), "document": .string(#"{"openapi": "3.1.0"}"#)])
            #expect(both.errorCode == "invalid_configuration", "\(both.text)")
            #expect(both.error["message"]?.stringValue?.contains("not both") == true)

            let secretHeader = try await api.makeConnector(
                "pets", type: "openapi", name: "secret",
                options: ["documentUrl": .string(server.baseURL + "/openapi.json"), "headers": ["Authorization": "Bearer x"]])
            #expect(secretHeader.errorCode == "invalid_configuration", "\(secretHeader.text)")
            #expect(secretHeader.error["field"] == "headers.Authorization")
        }
    }

    @Test("the schema endpoint describes the operations, servers and security schemes; test reaches the server")
    func discovery() async throws {
        try await withPetstore { server, _, api in
            try await api.makeConnector("pets", type: "openapi", name: "store", options: ["documentUrl": .string(server.baseURL + "/openapi.json")])
            let schema = try await api.expectOK(.get, "/api/v1/applications/pets/connectors/store/schema").json
            #expect(schema["title"] == "Petstore")
            #expect(schema["openapi"] == "3.1.0")
            #expect(schema["server"] == .string(server.baseURL + "/v1"))
            #expect(schema["servers"]?.arrayValue?.count == 2)
            #expect(schema["securitySchemes"]?["petKey"] == ["type": "apiKey", "name": "X-Pet-Key", "in": "header"])
            let operations = schema["operations"]?.arrayValue ?? []
            #expect(operations.compactMap { $0["name"]?.stringValue } == [
                "listPets", "createPet", "getPet", "deletePet", "petStats", "petStatsByQuery", "whoAmI", "adminPing", "get_health",
            ])
            #expect(operations.first?["inputSchema"]?["properties"]?["limit"]?["type"] == "integer")

            let listed = try await api.run("pets", "store", "operations")
            #expect(listed.output["operations"]?.arrayValue?.count == 9, "\(listed.text)")
            #expect(listed.output["operations"]?.arrayValue?.first?["path"] == "/pets")

            let tested = try await api.call(.post, "/api/v1/applications/pets/connectors/store/test")
            #expect(tested.status == .ok, "\(tested.text)")
            #expect(tested.json["details"]?["operations"] == 9)
        }
    }
}

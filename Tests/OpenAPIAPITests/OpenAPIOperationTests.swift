import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// Operations of a real Petstore's own document become actions with input schemas, and run against it.
@Suite struct OpenAPIOperationTests {
    /// The document the server serves as OpenAPI 3.1 JSON and as OpenAPI 3.0 YAML.
    static let documentPaths = ["/openapi.json", "/openapi.yaml"]

    @Test("a document by URL becomes actions with input schemas", arguments: documentPaths)
    func actionsFromURL(_ documentPath: String) async throws {
        try await withPetstore { server, _, api in
            let reply = try await api.makeConnector("pets", type: "openapi", name: "store", options: ["documentUrl": .string(server.baseURL + documentPath)])
            #expect(reply.status == .created, "\(reply.text)")
            let items = try await api.expectOK(.get, actionsPath("store")).json["items"]?.arrayValue ?? []
            var actions: [String: JSONValue] = [:]
            for item in items { if let name = item["name"]?.stringValue { actions[name] = item } }
            for name in ["operations", "call", "listPets", "createPet", "getPet", "deletePet", "petStats", "whoAmI", "get_health"] {
                #expect(actions[name] != nil, "missing action \(name) among \(actions.keys.sorted())")
            }

            let list = actions["listPets"]?["inputSchema"]
            #expect(list?["properties"]?["limit"]?["type"] == "integer")
            #expect(list?["properties"]?["limit"]?["maximum"] == 100)
            #expect(list?["properties"]?["limit"]?["description"]?.stringValue?.contains("How many pets at most.") == true)
            #expect(list?["properties"]?["tag"]?["items"]?["type"] == "string")
            #expect(list?["additionalProperties"] == false)
            #expect(actions["listPets"]?["annotations"] == ["readOnly": true, "destructive": false, "idempotent": true])
            #expect(actions["listPets"]?["description"]?.stringValue?.contains("GET /pets") == true)

            let create = actions["createPet"]?["inputSchema"]
            #expect(create?["required"] == ["body"])
            let body = create?["properties"]?["body"]
            #expect(body?["required"] == ["name"])
            #expect(body?["properties"]?["id"] == nil, "readOnly properties are not input")
            #expect(body?["properties"]?["name"]?["description"] == "What the pet is called.")
            let recursive = body?["properties"]?["parent"]?["description"]?.stringValue ?? ""
            #expect(recursive.contains("recursive"), "recursion is cut: \(recursive)")

            #expect(actions["getPet"]?["inputSchema"]?["required"] == ["petId"])
            #expect(actions["getPet"]?["inputSchema"]?["properties"]?["petId"]?["description"]?.stringValue?.contains("The pet's number.") == true)
            #expect(actions["deletePet"]?["annotations"] == ["readOnly": false, "destructive": true, "idempotent": true])
            #expect(actions["createPet"]?["annotations"] == ["readOnly": false, "destructive": false, "idempotent": false])
        }
    }

    @Test("operations run against the server: query filters, path parameters, JSON bodies, 201, 204 and 404", arguments: documentPaths)
    func runOperations(_ documentPath: String) async throws {
        try await withPetstore { server, store, api in
            try await api.makeConnector("pets", type: "openapi", name: "store", options: ["documentUrl": .string(server.baseURL + documentPath)])

            let listed = try await api.run("pets", "store", "listPets", ["limit": 10, "tag": ["dog", "cat"]])
            #expect(listed.status == .ok, "\(listed.text)")
            #expect(listed.output["body"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Rex", "Tom", "Fido"])
            #expect(listed.output["bodyEncoding"] == "json")
            let listRequest = server.requests(to: "/v1/pets").last
            #expect(listRequest?.queryValues("tag") == ["dog", "cat"])
            #expect(listRequest?.queryValues("limit") == ["10"])

            let limited = try await api.run("pets", "store", "listPets", ["limit": 1])
            #expect(limited.output["body"]?.arrayValue?.count == 1)

            let created = try await api.run("pets", "store", "createPet", ["body": ["name": "Kitty", "tag": "cat"]])
            #expect(created.output["status"] == 201, "\(created.text)")
            #expect(created.output["body"]?["id"] == 5)
            #expect(server.lastRequest?.header("Content-Type") == "application/json")
            #expect(store.count == 5)

            let found = try await api.run("pets", "store", "getPet", ["petId": 5])
            #expect(found.output["body"]?["name"] == "Kitty", "\(found.text)")
            #expect(server.lastRequest?.path == "/v1/pets/5")

            let missing = try await api.run("pets", "store", "getPet", ["petId": 999])
            #expect(missing.errorCode == "not_found", "\(missing.text)")
            #expect(missing.error["details"]?["status"] == 404)

            let deleted = try await api.run("pets", "store", "deletePet", ["petId": 5])
            #expect(deleted.output["status"] == 204, "\(deleted.text)")
            #expect(store.count == 4)
            #expect(try await api.run("pets", "store", "getPet", ["petId": 5]).errorCode == "not_found")

            let health = try await api.run("pets", "store", "get_health")
            #expect(health.output["body"] == ["ok": true], "\(health.text)")

            let called = try await api.run("pets", "store", "call", ["operationId": "getPet", "input": ["petId": 2]])
            #expect(called.output["body"]?["name"] == "Tom", "\(called.text)")
        }
    }

    /// Inline documents: 3.1 as JSON text, 3.0 as YAML text, and 3.1 as a JSON object.
    static let inlineForms = ["json-text", "yaml-text", "json-object"]

    @Test("inline documents load at creation and run", arguments: inlineForms)
    func inlineDocument(_ form: String) async throws {
        try await withPetstore { server, _, api in
            let document: JSONValue
            switch form {
            case "json-text": document = .string(PetstoreDocuments.openAPI31(host: host(of: server)).jsonString())
            case "yaml-text": document = .string(PetstoreDocuments.openAPI30(host: host(of: server)))
            default: document = PetstoreDocuments.openAPI31(host: host(of: server))
            }
            let reply = try await api.makeConnector("pets", type: "openapi", name: "inline", options: ["document": document])
            #expect(reply.status == .created, "\(reply.text)")
            let listed = try await api.run("pets", "inline", "listPets", ["tag": ["fish"]])
            #expect(listed.output["body"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["Nemo"], "\(listed.text)")
            #expect(server.requests(to: "/v1/pets").last?.queryValues("tag") == ["fish"])
        }
    }

    @Test("input is validated against the derived schema before anything is sent")
    func inputValidatedBeforeSending() async throws {
        try await withPetstore { server, _, api in
            try await api.makeConnector("pets", type: "openapi", name: "store", options: ["documentUrl": .string(server.baseURL + "/openapi.json")])
            let wrongType = try await api.run("pets", "store", "getPet", ["petId": "abc"])
            #expect(wrongType.errorCode == "invalid_input", "\(wrongType.text)")
            #expect(wrongType.error["field"] == "petId")
            #expect(try await api.run("pets", "store", "getPet", [:]).errorCode == "invalid_input")
            #expect(try await api.run("pets", "store", "listPets", ["limit": 0]).errorCode == "invalid_input")
            #expect(try await api.run("pets", "store", "listPets", ["tag": "dog"]).errorCode == "invalid_input")
            #expect(try await api.run("pets", "store", "listPets", ["colour": "red"]).errorCode == "invalid_input")
            #expect(try await api.run("pets", "store", "createPet", [:]).errorCode == "invalid_input")
            #expect(try await api.run("pets", "store", "createPet", ["body": ["name": ""]]).errorCode == "invalid_input")
            #expect(try await api.run("pets", "store", "createPet", ["body": ["tag": "dog"]]).errorCode == "invalid_input")
            let viaCall = try await api.run("pets", "store", "call", ["operationId": "getPet", "input": ["petId": "abc"]])
            #expect(viaCall.errorCode == "invalid_input", "\(viaCall.text)")
            #expect(try await api.run("pets", "store", "call", ["operationId": "nope"]).errorCode == "not_found")
            #expect(apiRequests(server).isEmpty, "the server received \(apiRequests(server).map(\.path))")
        }
    }
}

import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// Server choice and the mapping of security schemes onto the linked credential.
@Suite struct OpenAPIServerAndSecurityTests {
    @Test("the server index picks a server of the document; a custom URL replaces them")
    func serverChoice() async throws {
        try await withPetstore { server, _, api in
            let documentURL = JSONValue.string(server.baseURL + "/openapi.json")
            let second = try await api.makeConnector("pets", type: "openapi", name: "second", options: ["documentUrl": documentURL, "serverIndex": 1])
            #expect(second.status == .created, "\(second.text)")
            let listed = try await api.run("pets", "second", "listPets")
            #expect(listed.output["body"] == [], "\(listed.text)")
            #expect(server.lastRequest?.path == "/v2/pets")

            let outOfRange = try await api.makeConnector("pets", type: "openapi", name: "third", options: ["documentUrl": documentURL, "serverIndex": 2])
            #expect(outOfRange.status == .badRequest)
            #expect(outOfRange.errorCode == "invalid_configuration")
            #expect(outOfRange.error["field"] == "serverIndex", "\(outOfRange.text)")

            let elsewhere = PetstoreDocuments.openAPI31(host: "petstore.invalid")
            let custom = try await api.makeConnector(
                "pets", type: "openapi", name: "custom", options: ["document": elsewhere, "serverUrl": .string(server.baseURL + "/v1/")])
            #expect(custom.status == .created, "\(custom.text)")
            let found = try await api.run("pets", "custom", "getPet", ["petId": 3])
            #expect(found.output["body"]?["name"] == "Nemo", "\(found.text)")
            #expect(server.lastRequest?.path == "/v1/pets/3")
        }
    }

    @Test("an API key goes where its scheme says, under the scheme's name")
    func apiKey() async throws {
        try await withPetstore { server, _, api in
            let credential = try await api.makeCredential("pets", name: "key", kind: "api_key", fields: ["key": .string(PetStore.apiKey)])
            let reply = try await api.makeConnector(
                "pets", type: "openapi", name: "keyed", options: ["documentUrl": .string(server.baseURL + "/openapi.json")], credential: credential)
            #expect(reply.status == .created, "\(reply.text)")

            let stats = try await api.run("pets", "keyed", "petStats")
            #expect(stats.output["body"] == ["pets": 4], "\(stats.text)")
            #expect(server.lastRequest?.header("X-Pet-Key") == PetStore.apiKey)
            #expect(server.lastRequest?.header("X-API-Key") == nil)

            let byQuery = try await api.run("pets", "keyed", "petStatsByQuery")
            #expect(byQuery.output["body"] == ["pets": 4], "\(byQuery.text)")
            #expect(server.lastRequest?.queryValues("api_key") == [PetStore.apiKey])
            #expect(server.lastRequest?.header("X-Pet-Key") == nil)

            let wrongScheme = try await api.run("pets", "keyed", "whoAmI")
            #expect(wrongScheme.errorCode == "authentication_failed", "\(wrongScheme.text)")
            #expect(!wrongScheme.text.contains(PetStore.apiKey))
        }
    }

    @Test("bearer and basic schemes take bearer-token and username-password credentials")
    func bearerAndBasic() async throws {
        try await withPetstore { server, _, api in
            let documentURL = JSONValue.string(server.baseURL + "/openapi.json")
            let token = try await api.makeCredential("pets", name: "token", kind: "bearer_token", fields: ["token": .string(PetStore.bearerToken)])
            try await api.makeConnector("pets", type: "openapi", name: "bearer", options: ["documentUrl": documentURL], credential: token)
            let me = try await api.run("pets", "bearer", "whoAmI")
            #expect(me.output["body"] == ["user": "alice"], "\(me.text)")
            #expect(server.lastRequest?.header("Authorization") == "Bearer \(PetStore.bearerToken)")

            let unlinked = try await api.makeConnector("pets", type: "openapi", name: "anonymous", options: ["documentUrl": documentURL])
            #expect(unlinked.status == .created)
            #expect(try await api.run("pets", "anonymous", "whoAmI").errorCode == "authentication_failed")

            let login = try await api.makeCredential(
                "pets", name: "login", kind: "username_password",
                fields: ["username": .string(PetStore.basicUser.0), "password": .string(PetStore.basicUser.1)])
            try await api.makeConnector("pets", type: "openapi", name: "basic", options: ["documentUrl": documentURL], credential: login)
            let admin = try await api.run("pets", "basic", "adminPing")
            #expect(admin.output["body"] == ["admin": true], "\(admin.text)")
        }
    }
}

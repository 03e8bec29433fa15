import Hummingbird
import PlugboardCore
import PlugboardAPITestSupport
import Testing

@Suite struct CredentialsAPITests {
    static let secret = "s3cr3t-Value-That-Must-Never-Leak"

    @Test func secretFieldsAreWriteOnly() async throws {
        let fixture = try await APIFixture()
        try await fixture.run { api in
            let app = try await api.makeApplication("crm")
            let created = try await api.call(
                .post, "/api/v1/applications/\(app)/credentials",
                ["name": "db-login", "kind": "username_password", "fields": ["username": "alice", "password": .string(Self.secret)]])
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["fields"] == ["username": "alice"])
            #expect(created.json["secretFields"] == ["password"])
            for reply in [created, try await api.call(.get, "/api/v1/applications/\(app)/credentials/db-login"),
                          try await api.call(.get, "/api/v1/applications/\(app)/credentials")] {
                #expect(!reply.text.contains(Self.secret))
            }
        }
        #expect(!fixture.logs.text.contains(Self.secret))
    }

    @Test(arguments: [
        (#"{"name": "x", "kind": "carrier_pigeon", "fields": {}}"#, "kind"),
        (#"{"name": "x", "kind": "username_password", "fields": {"username": "a"}}"#, "password"),
        (#"{"name": "x", "kind": "api_key", "fields": {"key": "k", "placement": "body"}}"#, "placement"),
        (#"{"name": "x", "kind": "bearer_token", "fields": {"token": 42}}"#, "token"),
        (#"{"name": "x", "kind": "oauth2", "fields": {"tokenUrl": "not a url", "clientId": "c", "clientSecret": "s"}}"#, "tokenUrl"),
        (#"{"name": "x", "kind": "client_certificate", "fields": {"format": "pem", "certificate": "-----BEGIN"}}"#, "privateKey"),
        (#"{"kind": "bearer_token", "fields": {"token": "t"}}"#, "name"),
    ])
    func invalidCredentialsNameTheField(body: String, field: String) async throws {
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            let reply = try await api.call(.post, "/api/v1/applications/\(app)/credentials", rawBody: body)
            #expect(reply.status == .badRequest, "\(reply.text)")
            #expect(reply.json["error"]?["field"]?.stringValue == field, "\(reply.text)")
            #expect(try await api.call(.get, "/api/v1/applications/\(app)/credentials").json["total"] == 0)
        }
    }

    @Test func updatesReplaceSecretsAndKeepTheRest() async throws {
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            try await api.call(
                .post, "/api/v1/applications/\(app)/credentials",
                ["name": "key", "kind": "api_key", "fields": ["key": "first-key-value", "name": "X-Token"]])
            let updated = try await api.call(.patch, "/api/v1/applications/\(app)/credentials/key", ["fields": ["key": "second-key-value"]])
            #expect(updated.status == .ok, "\(updated.text)")
            #expect(updated.json["fields"]?["name"] == "X-Token")
            #expect(updated.json["version"] == 2)
            #expect(!updated.text.contains("second-key-value"))
            let removed = try await api.call(.patch, "/api/v1/applications/\(app)/credentials/key", ["fields": ["key": nil]])
            #expect(removed.status == .badRequest && removed.json["error"]?["field"] == "key")
        }
    }

    @Test func aCredentialInUseIsNotDeleted() async throws {
        try await APIFixture().run { api in
            let app = try await api.makeApplication("crm")
            try await api.call(.post, "/api/v1/applications/\(app)/credentials", ["name": "tok", "kind": "bearer_token", "fields": ["token": "abcdefgh"]])
            try await api.makeRESTConnector(app, name: "api", baseURL: "http://127.0.0.1:9", credential: "tok")
            let refused = try await api.call(.delete, "/api/v1/applications/\(app)/credentials/tok")
            #expect(refused.status == .conflict && refused.errorCode == "connector_in_use")
            #expect(refused.json["error"]?["details"]?["connectors"]?[0]?["name"] == "api")
            #expect(try await api.call(.delete, "/api/v1/applications/\(app)/connectors/api").status == .noContent)
            #expect(try await api.call(.delete, "/api/v1/applications/\(app)/credentials/tok").status == .noContent)
            #expect(try await api.call(.get, "/api/v1/applications/\(app)/credentials/tok").status == .notFound)
        }
    }
}

extension JSONValue {
    subscript(index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}

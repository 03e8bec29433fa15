import Hummingbird
import PlugboardCore
import PlugboardAPITestSupport
import Testing

@Suite struct ApplicationsAPITests {
    @Test func applicationsAreCreatedListedAndFoundByName() async throws {
        try await APIFixture().run { api in
            let created = try await api.call(.post, "/api/v1/applications", ["name": "crm"])
            #expect(created.status == .created)
            let id = try #require(created.json["id"]?.stringValue)
            #expect(try await api.call(.get, "/api/v1/applications/crm").json["id"]?.stringValue == id)
            #expect(try await api.call(.get, "/api/v1/applications/\(id)").json["name"] == "crm")
            let duplicate = try await api.call(.post, "/api/v1/applications", ["name": "crm"])
            #expect(duplicate.status == .conflict && duplicate.errorCode == "already_exists")
            let list = try await api.call(.get, "/api/v1/applications")
            #expect(list.json["total"] == 1)
        }
    }

    @Test(arguments: [
        (#"{"name": ""}"#, "invalid_input"), (#"{"name": "has space"}"#, "invalid_input"), (#"{}"#, "invalid_input"),
        (#"{"name": 5}"#, "invalid_input"), (#"{"name": "x", "extra": 1}"#, "invalid_input"), (#"{"name": "#, "invalid_input"),
        (#"[1,2]"#, "invalid_input"),
    ])
    func badBodiesGetAClearError(body: String, code: String) async throws {
        try await APIFixture().run { api in
            let reply = try await api.call(.post, "/api/v1/applications", rawBody: body)
            #expect(reply.status == .badRequest)
            #expect(reply.errorCode == code)
            #expect(reply.json["error"]?["fix"]?.stringValue?.isEmpty == false)
            #expect(try await api.call(.get, "/api/v1/applications").json["total"] == 0)
        }
    }

    @Test func requestsWithoutAValidTokenAreRefused() async throws {
        try await APIFixture().run { api in
            let missing = try await api.call(.get, "/api/v1/applications", token: nil)
            #expect(missing.status == .unauthorized && missing.errorCode == "unauthorized")
            let wrong = try await api.call(.get, "/api/v1/applications", token: "pb_not_a_real_token")
            #expect(wrong.status == .unauthorized)
            #expect(try await api.call(.get, "/healthz", token: nil).json["status"] == "ok")
        }
    }

    @Test func anOversizedBodyIsRefusedWith413() async throws {
        try await APIFixture(environment: ["PLUGBOARD_MAX_BODY_BYTES": "1024"]).run { api in
            let big = "{\"name\": \"" + String(repeating: "a", count: 4096) + "\"}"
            let reply = try await api.call(.post, "/api/v1/applications", rawBody: big)
            #expect(reply.status == .contentTooLarge && reply.errorCode == "payload_too_large")
        }
    }

    @Test func unknownRoutesAnswerInTheErrorShape() async throws {
        try await APIFixture().run { api in
            let reply = try await api.call(.get, "/api/v1/nothing-here")
            #expect(reply.status == .notFound && reply.errorCode == "not_found")
        }
    }
}

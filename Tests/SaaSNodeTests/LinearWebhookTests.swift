import Crypto
import Foundation
import HTTPTypes
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The linear `events` trigger: registered with Linear (webhookCreate) with the trigger's secret, and every delivery
/// checked by its Linear-Signature and timestamp before it is stored.
@Suite struct LinearWebhookTests {
    static func signature(_ body: String, secret: String) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8))).map { String(format: "%02x", $0) }.joined()
    }

    static func delivery(action: String, at time: Date = Date(), title: String = "Login fails") -> String {
        let stamp = Int64(time.timeIntervalSince1970 * 1000)
        return #"{"action":"\#(action)","type":"Issue","data":{"id":"issue-1","identifier":"ENG-1","title":"\#(title)"},"url":"https://linear.app/plugboard/issue/ENG-1","createdAt":"2026-12-04T12:00:00.000Z","organizationId":"org","webhookTimestamp":\#(stamp)}"#
    }

    @Test func deliveriesAreSignedFreshAndStoredOnce() async throws {
        let double = LinearDouble()
        let fixture = try await APIFixture(environment: ["PLUGBOARD_PUBLIC_URL": "https://work.example.test/"])
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await fixture.run(runners: true) { api in
                try await api.makeApplication("work")
                let credential = try await api.makeCredential("work", name: "key", kind: "api_key", fields: ["key": .string(LinearDouble.key)])
                try await api.makeConnector("work", type: "linear", name: "tracker", options: ["baseUrl": .string(upstream.baseURL)], credential: credential)
                try await api.expectOK(.post, "/api/v1/applications/work/workflows", [
                    "name": "note", "steps": [["name": "teams", "connector": "tracker", "action": "list_teams"]],
                ])
                let created = try await api.call(.post, "/api/v1/applications/work/triggers", [
                    "name": "changes", "source": "events", "connector": "tracker", "options": ["resourceTypes": ["Issue"], "actions": ["create"]],
                    "target": ["workflow": "note"],
                ])
                #expect(created.status == .created, "\(created.text)")
                let secret = try #require(created.json["secret"]?.stringValue)
                let id = try #require(created.json["id"]?.stringValue)
                #expect(try await eventually { try await api.call(.get, "/api/v1/applications/work/triggers/changes").json["state"] == "subscribed" })
                let registered = try #require(double.webhooks.first)
                #expect(registered["url"]?.stringValue == "https://work.example.test/hooks/\(id)" && registered["secret"]?.stringValue == secret)
                #expect(registered["resourceTypes"] == ["Issue"] && registered["allPublicTeams"] == true, "\(registered)")

                func deliver(_ body: String, signature: String?, delivery: String) async throws -> APIClient.Reply {
                    var headers: HTTPFields = [.init("Linear-Delivery")!: delivery, .contentType: "application/json"]
                    if let signature { headers[.init("Linear-Signature")!] = signature }
                    return try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: body, headers: headers)
                }
                let body = Self.delivery(action: "create")
                let accepted = try await deliver(body, signature: Self.signature(body, secret: secret), delivery: "d-1")
                #expect(accepted.status == .accepted && accepted.json["stored"] == 1, "\(accepted.text)")
                let again = try await deliver(body, signature: Self.signature(body, secret: secret), delivery: "d-1")
                #expect(again.json["stored"] == 0 && again.json["duplicates"] == 1, "Linear's retry is stored once")
                #expect(try await deliver(body, signature: Self.signature(body, secret: "not-the-secret"), delivery: "d-2").status == .unauthorized)
                #expect(try await deliver(body, signature: nil, delivery: "d-3").status == .unauthorized)
                let stale = Self.delivery(action: "create", at: Date().addingTimeInterval(-300))
                let replayed = try await deliver(stale, signature: Self.signature(stale, secret: secret), delivery: "d-4")
                #expect(replayed.status == .unauthorized && replayed.text.contains("webhookTimestamp"), "\(replayed.text)")
                let update = Self.delivery(action: "update")
                #expect(try await deliver(update, signature: Self.signature(update, secret: secret), delivery: "d-5").json["stored"] == 0, "only create")

                let events = try await api.call(.get, "/api/v1/applications/work/triggers/changes/events")
                #expect(events.json["items"]?.arrayValue?.count == 1 && events.json["items"]?.arrayValue?.first?["payload"]?["data"]?["identifier"] == "ENG-1")
                #expect(!events.text.contains(secret) && !fixture.logs.text.contains(secret) && !fixture.logs.text.contains(LinearDouble.key))
            }
        }
    }
}

import Foundation
import HTTPTypes
import PlugboardAPITestSupport
import ConnectorsHTTP
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The bitrix24 `events` trigger: outbound webhook deliveries (form posts) checked by the application token, filtered
/// by event and stored once; the sealed token never shown.
@Suite struct Bitrix24EventsTests {
    static let token = "4b7c9e2f1a3d5c8e0b6a2d4f"

    static func delivery(_ event: String, id: Int, token: String = token, ts: Int = 1_764_800_000) -> String {
        "event=\(event)&event_handler_id=3&data%5BFIELDS%5D%5BID%5D=\(id)&ts=\(ts)&auth%5Bdomain%5D=mycompany.bitrix24.ru"
            + "&auth%5Bclient_endpoint%5D=https%3A%2F%2Fmycompany.bitrix24.ru%2Frest%2F&auth%5Bmember_id%5D=a1b2c3&auth%5Bapplication_token%5D=\(token)"
    }

    @Test func deliveriesAreCheckedFilteredAndStoredOnce() async throws {
        let fixture = try await APIFixture(environment: ["PLUGBOARD_PUBLIC_URL": "https://crm.example.test/"])
        try await withUpstreamServer(routes: Bitrix24Double().routes) { upstream in
            try await fixture.run(runners: true) { api in
                try await api.makeApplication("crm")
                let credential = try await api.makeCredential("crm", name: "webhook", kind: "api_key", fields: ["key": .string(Bitrix24Double.secret)])
                try await api.makeConnector("crm", type: "bitrix24", name: "portal", options: ["portalUrl": .string(upstream.baseURL), "userId": 7], credential: credential)
                try await api.expectOK(.post, "/api/v1/applications/crm/workflows", [
                    "name": "note", "steps": [["name": "deals", "connector": "portal", "action": "list_deals"]],
                ])
                let created = try await api.call(.post, "/api/v1/applications/crm/triggers", [
                    "name": "leads", "source": "events", "connector": "portal",
                    "options": ["applicationToken": .string(Self.token), "events": ["ONCRMLEADADD"]], "target": ["workflow": "note"],
                ])
                #expect(created.status == .created, "\(created.text)")
                let id = try #require(created.json["id"]?.stringValue)
                #expect(try await eventually { try await api.call(.get, "/api/v1/applications/crm/triggers/leads").json["state"] == "subscribed" })

                let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                let accepted = try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: Self.delivery("ONCRMLEADADD", id: 42), headers: form)
                #expect(accepted.status == .accepted && accepted.json["stored"] == 1, "\(accepted.text)")
                let again = try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: Self.delivery("ONCRMLEADADD", id: 42), headers: form)
                #expect(again.json["stored"] == 0 && again.json["duplicates"] == 1)
                let forged = try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: Self.delivery("ONCRMLEADADD", id: 43, token: "forged"), headers: form)
                #expect(forged.status == .unauthorized, "\(forged.text)")
                let other = try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: Self.delivery("ONCRMDEALUPDATE", id: 7), headers: form)
                #expect(other.json["stored"] == 0, "only the events asked for")

                let events = try await api.call(.get, "/api/v1/applications/crm/triggers/leads/events")
                let payload = events.json["items"]?.arrayValue?.first?["payload"]
                #expect(payload?["event"] == "ONCRMLEADADD" && payload?["data"]?["FIELDS"]?["ID"] == "42" && payload?["portal"]?["domain"] == "mycompany.bitrix24.ru", "\(events.text)")
                let listed = try await api.call(.get, "/api/v1/applications/crm/triggers/leads")
                for text in [events.text, listed.text, fixture.logs.text] { #expect(!text.contains(Self.token)) }
            }
        }
    }

    @Test func nestedFormsDecodeAsPHPPostsThem() {
        let form = NestedFormDecoding.decode(Array("leads%5Badd%5D%5B0%5D%5Bid%5D=1&leads%5Badd%5D%5B0%5D%5Bname%5D=New+deal&account%5Bsubdomain%5D=test&flag".utf8))
        #expect(form["leads"]?["add"]?["0"]?["name"] == "New deal" && form["leads"]?["add"]?["0"]?["id"] == "1")
        #expect(form["account"]?["subdomain"] == "test" && form["flag"] == "")
    }
}

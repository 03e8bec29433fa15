import Foundation
import HTTPTypes
import ConnectorsHTTP
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The amocrm `events` trigger: registered with amoCRM with the trigger's secret in the address, and every delivery
/// (a form post naming records) checked by that secret and stored once per record.
@Suite struct AmoCRMWebhookTests {
    static let delivery = "leads%5Badd%5D%5B0%5D%5Bid%5D=501&leads%5Badd%5D%5B0%5D%5Bname%5D=From+the+website&leads%5Badd%5D%5B0%5D%5Bdate_create%5D=1764800000"
        + "&leads%5Badd%5D%5B1%5D%5Bid%5D=502&leads%5Badd%5D%5B1%5D%5Bname%5D=Phone+call&leads%5Badd%5D%5B1%5D%5Bdate_create%5D=1764800005"
        + "&account%5Bsubdomain%5D=plugboard&account%5Bid%5D=30000001"

    @Test func deliveriesCarryTheSecretAndBecomeOneEventPerRecord() async throws {
        let double = AmoCRMDouble()
        let fixture = try await APIFixture(environment: ["PLUGBOARD_PUBLIC_URL": "https://crm.example.test/"])
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await fixture.run(runners: true) { api in
                try await api.makeApplication("sales")
                let credential = try await api.makeCredential("sales", name: "token", kind: "bearer_token", fields: ["token": .string(AmoCRMDouble.token)])
                try await api.makeConnector("sales", type: "amocrm", name: "crm", options: ["baseUrl": .string(upstream.baseURL)], credential: credential)
                try await api.expectOK(.post, "/api/v1/applications/sales/workflows", [
                    "name": "note", "steps": [["name": "pipelines", "connector": "crm", "action": "list_pipelines"]],
                ])
                let created = try await api.call(.post, "/api/v1/applications/sales/triggers", [
                    "name": "new-leads", "source": "events", "connector": "crm", "options": ["events": ["add_lead", "status_lead"]], "target": ["workflow": "note"],
                ])
                #expect(created.status == .created, "\(created.text)")
                let secret = try #require(created.json["secret"]?.stringValue)
                let id = try #require(created.json["id"]?.stringValue)
                #expect(try await eventually { try await api.call(.get, "/api/v1/applications/sales/triggers/new-leads").json["state"] == "subscribed" })
                let registered = try #require(double.webhooks.first)
                let destination = try #require(registered["destination"]?.stringValue)
                #expect(destination.hasPrefix("https://crm.example.test/hooks/\(id)?token=") && registered["settings"] == ["add_lead", "status_lead"], "\(registered)")

                let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
                let token = try #require(URLComponents(string: destination)?.queryItems?.first { $0.name == "token" }?.value)
                #expect(token == secret)
                let accepted = try await api.call(.post, "/hooks/\(id)?token=\(PercentEncoding.queryComponent(secret))", token: nil, rawBody: Self.delivery, headers: form)
                #expect(accepted.status == .accepted && accepted.json["stored"] == 2, "\(accepted.text)")
                let again = try await api.call(.post, "/hooks/\(id)?token=\(PercentEncoding.queryComponent(secret))", token: nil, rawBody: Self.delivery, headers: form)
                #expect(again.json["stored"] == 0 && again.json["duplicates"] == 2)
                #expect(try await api.call(.post, "/hooks/\(id)?token=forged", token: nil, rawBody: Self.delivery, headers: form).status == .unauthorized)
                #expect(try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: Self.delivery, headers: form).status == .unauthorized)

                let events = try await api.call(.get, "/api/v1/applications/sales/triggers/new-leads/events")
                let names = Set(events.json["items"]?.arrayValue?.compactMap { $0["payload"]?["record"]?["name"]?.stringValue } ?? [])
                #expect(names == ["From the website", "Phone call"], "\(events.text)")
                #expect(events.json["items"]?.arrayValue?.first?["payload"]?["account"]?["subdomain"] == "plugboard")
                #expect(!events.text.contains(secret) && !fixture.logs.text.contains(secret) && !fixture.logs.text.contains(AmoCRMDouble.token))
            }
        }
    }
}

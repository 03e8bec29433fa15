import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `bitrix24` node through Plugboard's API against a Bitrix24 REST double, through an inbound webhook.
@Suite struct Bitrix24NodeTests {
    private func connector(_ api: APIClient, _ upstream: UpstreamServer, secret: String = Bitrix24Double.secret, name: String = "portal") async throws {
        let credential = try await api.makeCredential("crm", name: "webhook-\(name)", kind: "api_key", fields: ["key": .string(secret)])
        let reply = try await api.makeConnector(
            "crm", type: "bitrix24", name: name, options: ["portalUrl": .string(upstream.baseURL), "userId": 7, "retries": 2], credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    @Test func crmRecordsBatchesAndAnyMethod() async throws {
        let double = Bitrix24Double()
        double.seed(120)
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("crm")
                try await connector(api, upstream)
                #expect(try await api.call(.post, "/api/v1/applications/crm/connectors/portal/test").json["details"]?["user"] == "Ada Lovelace")

                let all = try await api.run("crm", "portal", "list_leads", ["limit": 500])
                #expect(all.output["count"] == 120, "\(all.text.prefix(200))")
                let starts = upstream.requests.filter { $0.path.hasSuffix("/crm.lead.list.json") }.compactMap { try? JSONParser.parse($0.body)["start"]?.integerValue }
                #expect(starts.prefix(3) == [0, 50, 100], "paged by start in the body: \(starts)")
                #expect(try await api.run("crm", "portal", "list_leads", ["limit": 10]).output["count"] == 10)

                let added = try await api.run("crm", "portal", "add_lead", ["fields": ["TITLE": "Website order", "OPPORTUNITY": 1500, "PHONE": [["VALUE": "+77010000000", "VALUE_TYPE": "WORK"]]]])
                let id = try #require(added.output["id"]?.integerValue, "\(added.text)")
                #expect(try await api.run("crm", "portal", "update_lead", ["id": .integer(id), "fields": ["STATUS_ID": "IN_PROCESS"]]).output["updated"] == true)
                let lead = try await api.run("crm", "portal", "get_lead", ["id": .integer(id)])
                #expect(lead.output["STATUS_ID"] == "IN_PROCESS" && lead.output["PHONE"]?.arrayValue?.first?["VALUE"] == "+77010000000", "\(lead.text)")
                let found = try await api.run("crm", "portal", "list_leads", ["filter": ["TITLE": "Website order"]])
                #expect(found.output["count"] == 1)
                #expect(try await api.run("crm", "portal", "add_deal", ["fields": ["TITLE": "Deal", "OPPORTUNITY": 900]]).output["id"] != nil)
                #expect(try await api.run("crm", "portal", "list_deals").output["count"] == 1)

                let batch = try await api.run("crm", "portal", "batch", ["commands": [
                    "lead": .string("crm.lead.get?id=\(id)"), "missing": "crm.lead.get?id=99999", "made": "crm.contact.add?fields[NAME]=Grace",
                ]])
                #expect(batch.output["results"]?["lead"]?["TITLE"] == "Website order" && batch.output["results"]?["made"]?.integerValue != nil, "\(batch.text)")
                #expect(batch.output["errors"]?["missing"]?["error_description"] == "Not found")

                let any = try await api.run("crm", "portal", "call", ["method": "crm.contact.list", "parameters": ["select": ["ID", "NAME"]]])
                #expect(any.output["total"] == 1 && any.output["result"]?.arrayValue?.first?["NAME"] == "Grace", "\(any.text)")
                #expect(try await api.run("crm", "portal", "call", ["method": "no.such.method"]).errorCode == "not_found")
                #expect(try await api.run("crm", "portal", "call", ["method": "../profile"]).errorCode == "invalid_input")

                #expect(try await api.run("crm", "portal", "delete_lead", ["id": .integer(id)]).output["deleted"] == true)
                let gone = try await api.run("crm", "portal", "get_lead", ["id": .integer(id)])
                #expect(gone.errorCode == "not_found", "\(gone.text)")

                let executions = try await api.call(.get, "/api/v1/applications/crm/executions?limit=100")
                for text in [added.text, gone.text, batch.text, executions.text] { #expect(!text.contains(Bitrix24Double.secret)) }
            }
        }
    }

    /// QUERY_LIMIT_EXCEEDED (503) is waited out and sent again; a wrong secret is authentication_failed, never shown.
    @Test func limitsAndSecrets() async throws {
        try await withUpstreamServer(routes: Bitrix24Double().routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("crm")
                try await connector(api, upstream)
                let busy = try await api.run("crm", "portal", "list_leads", ["filter": ["TITLE": "busy"]])
                #expect(busy.status == .ok && busy.output["count"] == 0, "\(busy.text)")
                #expect(upstream.requests.filter { $0.path.hasSuffix("/crm.lead.list.json") }.count == 2)
                try await connector(api, upstream, secret: "wrongsecret00000", name: "wrong")
                let refused = try await api.call(.post, "/api/v1/applications/crm/connectors/wrong/test")
                #expect(refused.json["error"]?["code"] == "authentication_failed" && !refused.text.contains("wrongsecret00000"), "\(refused.text)")
            }
        }
    }
}

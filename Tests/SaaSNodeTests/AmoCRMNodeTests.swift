import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `amocrm` node through Plugboard's API against an amoCRM API v4 double.
@Suite struct AmoCRMNodeTests {
    private func connector(_ api: APIClient, _ upstream: UpstreamServer, token: String = AmoCRMDouble.token, name: String = "crm") async throws {
        let credential = try await api.makeCredential("sales", name: "token-\(name)", kind: "bearer_token", fields: ["token": .string(token)])
        let reply = try await api.makeConnector("sales", type: "amocrm", name: name, options: ["baseUrl": .string(upstream.baseURL), "retries": 2], credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    @Test func leadsContactsNotesAndPipelines() async throws {
        let double = AmoCRMDouble()
        double.seed(300)
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("sales")
                try await connector(api, upstream)
                #expect(try await api.call(.post, "/api/v1/applications/sales/connectors/crm/test").json["details"]?["account"] == "Plugboard Test")

                // 300 leads: 250 and 50, then amoCRM's 204 ends it; or only as many as asked for.
                let all = try await api.run("sales", "crm", "list_leads", ["limit": 1000])
                #expect(all.output["count"] == 300, "\(all.text.prefix(200))")
                #expect(upstream.requests.filter { $0.path == "/api/v4/leads" }.map { $0.query.first { $0.0 == "page" }?.1 } == ["1", "2", "3"])
                #expect(try await api.run("sales", "crm", "list_leads", ["limit": 10]).output["count"] == 10)
                let empty = try await api.run("sales", "crm", "list_companies", ["query": "nobody"])
                #expect(empty.status == .ok && empty.output["count"] == 0, "an empty list is a 204: \(empty.text)")
                let filtered = try await api.run("sales", "crm", "list_leads", ["filter": ["id": "1001"]])
                #expect(filtered.output["count"] == 1, "\(filtered.text.prefix(200))")

                let created = try await api.run("sales", "crm", "create_leads", ["items": [["name": "Website order", "price": 1500]]])
                let id = try #require(created.output["leads"]?.arrayValue?.first?["id"]?.integerValue, "\(created.text)")
                #expect(try JSONParser.parse(try #require(upstream.requests.last).body) == [["name": "Website order", "price": 1500]])
                #expect(try await api.run("sales", "crm", "update_lead", ["id": .integer(id), "changes": ["price": 1800, "status_id": 142]]).output["id"] == .integer(id))
                let lead = try await api.run("sales", "crm", "get_lead", ["id": .integer(id)])
                #expect(lead.output["price"] == 1800 && lead.output["status_id"] == 142, "\(lead.text)")
                let missing = try await api.run("sales", "crm", "get_lead", ["id": 99_999])
                #expect(missing.errorCode == "not_found", "an unknown id is amoCRM's 204: \(missing.text)")

                let invalid = try await api.run("sales", "crm", "create_leads", ["items": [["name": "Bad", "price": "a lot"]]])
                #expect(invalid.errorCode == "invalid_input" && invalid.text.contains("price"), "\(invalid.text)")
                #expect(invalid.json["error"]?["details"]?["validationErrors"]?.arrayValue?.first?["code"] == "InvalidType")

                let complex = try await api.run("sales", "crm", "create_complex_leads", ["items": [
                    ["name": "Deal with Ada", "price": 900, "_embedded": ["contacts": [["first_name": "Ada", "last_name": "Lovelace"]], "companies": [["name": "Analytical Engines"]]]],
                ]])
                let made = try #require(complex.output["leads"]?.arrayValue?.first, "\(complex.text)")
                #expect(made["contact_id"]?.integerValue != nil && made["company_id"]?.integerValue != nil)
                #expect(try await api.run("sales", "crm", "create_contacts", ["items": [["name": "Grace Hopper"]]]).output["contacts"]?.arrayValue?.count == 1)
                #expect(try await api.run("sales", "crm", "create_tasks", ["items": [["text": "Call back", "complete_till": 1_764_900_000, "entity_id": .integer(id), "entity_type": "leads"]]]).status == .ok)
                #expect(try await api.run("sales", "crm", "list_contacts").output["count"] == 2)
                #expect(try await api.run("sales", "crm", "list_tasks").output["tasks"]?.arrayValue?.first?["text"] == "Call back")

                let noted = try await api.run("sales", "crm", "add_notes", ["entityType": "leads", "notes": [["entity_id": .integer(id), "note_type": "common", "params": ["text": "Wants delivery on Friday."]]]])
                #expect(noted.output["notes"]?.arrayValue?.count == 1, "\(noted.text)")
                let notes = try await api.run("sales", "crm", "list_notes", ["entityType": "leads", "entityId": .integer(id)])
                #expect(notes.output["notes"]?.arrayValue?.first?["params"]?["text"] == "Wants delivery on Friday.")
                let pipelines = try await api.run("sales", "crm", "list_pipelines")
                #expect(pipelines.output["pipelines"]?.arrayValue?.first?["_embedded"]?["statuses"]?.arrayValue?.count == 3)

                let executions = try await api.call(.get, "/api/v1/applications/sales/executions?limit=100")
                for text in [created.text, missing.text, invalid.text, executions.text] { #expect(!text.contains(AmoCRMDouble.token)) }
            }
        }
    }

    /// 429 is tried again after a pause; a wrong token is authentication_failed and never shown.
    @Test func limitsAndTokens() async throws {
        try await withUpstreamServer(routes: AmoCRMDouble().routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("sales")
                try await connector(api, upstream)
                let busy = try await api.run("sales", "crm", "list_contacts", ["query": "busy"])
                #expect(busy.status == .ok && busy.output["count"] == 0, "\(busy.text)")
                #expect(upstream.requests.filter { $0.path == "/api/v4/contacts" }.count == 2, "one 429, then the answer")
                try await connector(api, upstream, token: "not-the-token-42", name: "wrong")
                let refused = try await api.call(.post, "/api/v1/applications/sales/connectors/wrong/test")
                #expect(refused.json["error"]?["code"] == "authentication_failed" && !refused.text.contains("not-the-token-42"), "\(refused.text)")
            }
        }
    }
}

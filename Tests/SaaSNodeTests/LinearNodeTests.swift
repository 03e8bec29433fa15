import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The `linear` node through Plugboard's API against a double of Linear's GraphQL API.
@Suite struct LinearNodeTests {
    private func connector(_ api: APIClient, _ upstream: UpstreamServer, key: String = LinearDouble.key, name: String = "tracker") async throws {
        let credential = try await api.makeCredential("work", name: "key-\(name)", kind: "api_key", fields: ["key": .string(key)])
        let reply = try await api.makeConnector("work", type: "linear", name: name, options: ["baseUrl": .string(upstream.baseURL)], credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    @Test func issuesCommentsAndLists() async throws {
        let double = LinearDouble()
        double.seed(130)
        try await withUpstreamServer(routes: double.routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("work")
                try await connector(api, upstream)
                let test = try await api.call(.post, "/api/v1/applications/work/connectors/tracker/test")
                #expect(test.json["details"]?["organization"] == "Plugboard Test", "\(test.text)")
                let sent = try #require(upstream.requests.last)
                #expect(sent.headers.contains { $0 == ("Authorization", LinearDouble.key) }, "a personal key goes without Bearer")

                let teams = try await api.run("work", "tracker", "list_teams")
                #expect(teams.output["count"] == 2 && teams.output["teams"]?.arrayValue?.first?["key"] == "ENG", "\(teams.text)")
                #expect(try await api.run("work", "tracker", "list_workflow_states", ["teamId": "team-eng"]).output["count"] == 2)
                #expect(try await api.run("work", "tracker", "list_labels").output["labels"]?.arrayValue?.first?["name"] == "Bug")
                #expect(try await api.run("work", "tracker", "list_users").output["users"]?.arrayValue?.first?["email"] == "ada@example.com")
                #expect(try await api.run("work", "tracker", "list_projects").output["count"] == 1)

                let created = try await api.run("work", "tracker", "create_issue", [
                    "teamId": "team-eng", "title": "Login fails on Safari", "description": "Steps: …", "priority": 2, "labelIds": ["label-bug"],
                ])
                #expect(created.output["identifier"] == "ENG-131" && created.output["labels"]?["nodes"]?.arrayValue?.count == 1, "\(created.text)")
                let id = try #require(created.output["id"]?.stringValue)
                let variables = try JSONParser.parse(try #require(upstream.requests.last).body)["variables"]
                #expect(variables?["input"]?["priority"] == 2 && variables?["input"]?["teamId"] == "team-eng")
                let updated = try await api.run("work", "tracker", "update_issue", ["id": "ENG-131", "stateId": "state-done", "assigneeId": "user-ada"])
                #expect(updated.output["state"]?["name"] == "Done" && updated.output["assignee"]?["name"] == "Ada Lovelace", "\(updated.text)")
                #expect(try await api.run("work", "tracker", "get_issue", ["id": "ENG-131"]).output["title"] == "Login fails on Safari")

                // 130 seeded bugs: every one across two pages, or as many as asked for.
                let all = try await api.run("work", "tracker", "search_issues", ["query": "seeded bug", "limit": 500])
                #expect(all.output["count"] == 130, "\(all.text.prefix(200))")
                let afters = upstream.requests.compactMap { try? JSONParser.parse($0.body) }.filter { $0["query"]?.stringValue?.hasPrefix("query SearchIssues") == true }
                    .map { $0["variables"]?["after"] ?? .null }
                #expect(afters.first == .null && afters.dropFirst().first == "99", "Relay cursors in the variables: \(afters)")
                #expect(try await api.run("work", "tracker", "search_issues", ["query": "seeded bug", "limit": 10]).output["count"] == 10)

                let comment = try await api.run("work", "tracker", "create_comment", ["issueId": .string(id), "body": "Reproduced on 17.2."])
                #expect(comment.output["body"] == "Reproduced on 17.2.", "\(comment.text)")
                let comments = try await api.run("work", "tracker", "list_comments", ["issueId": "ENG-131"])
                #expect(comments.output["count"] == 1 && comments.output["comments"]?.arrayValue?.first?["user"]?["name"] == "Ada Lovelace")
                #expect(try await api.run("work", "tracker", "archive_issue", ["id": .string(id)]).output["archived"] == true)

                let missing = try await api.run("work", "tracker", "get_issue", ["id": "ENG-9999"])
                #expect(missing.errorCode == "not_found" && missing.text.contains("Could not find referenced Issue"), "\(missing.text)")
                let noTeam = try await api.run("work", "tracker", "create_issue", ["teamId": "team-none", "title": "x"])
                #expect(noTeam.errorCode == "not_found", "\(noTeam.text)")
                let incomplete = try await api.run("work", "tracker", "create_issue", ["title": "No team"])
                #expect(incomplete.errorCode == "invalid_input" && incomplete.status.code == 400)

                let executions = try await api.call(.get, "/api/v1/applications/work/executions?limit=100")
                for text in [test.text, created.text, missing.text, executions.text] { #expect(!text.contains(LinearDouble.key)) }
            }
        }
    }

    /// RATELIMITED is rate_limited with Linear's budget headers and when it refills; a wrong key is
    /// authentication_failed, never shown.
    @Test func limitsAndKeys() async throws {
        try await withUpstreamServer(routes: LinearDouble().routes) { upstream in
            try await APIFixture().run { api in
                try await api.makeApplication("work")
                try await connector(api, upstream)
                let limited = try await api.run("work", "tracker", "search_issues", ["query": "busy"])
                #expect(limited.errorCode == "rate_limited", "\(limited.text)")
                let error = limited.json["error"]
                #expect(error?["details"]?["x-ratelimit-requests-remaining"] == "0" && error?["details"]?["x-ratelimit-requests-limit"] == "1500", "\(limited.text)")
                #expect((error?["retryAfter"]?.doubleValue ?? 0) > 20, "the budget refills in about 30 s: \(limited.text)")

                try await connector(api, upstream, key: "lin_api_wrongwrongwrong", name: "wrong")
                let refused = try await api.call(.post, "/api/v1/applications/work/connectors/wrong/test")
                #expect(refused.json["error"]?["code"] == "authentication_failed" && !refused.text.contains("lin_api_wrongwrongwrong"), "\(refused.text)")
            }
        }
    }
}

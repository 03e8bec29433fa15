import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

extension PostgreSQLTests {
    /// A `notify` trigger on a real PostgreSQL starts a run per notification, keeps one run per dedup key, and
    /// listens again after `pg_ctl restart` ended its connection.
    @Test func notifyStartsRunsAndListensAgainAfterARestart() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await PostgreSQLFixture().run(runners: true) { api in
            try await api.makeConnector("events")
            try await api.makeConnector("sender", options: ["allowWrites": true])
            try await api.client.makeRESTConnector("db", name: "upstream", baseURL: upstream.baseURL)
            try await api.expectOK(.post, "/api/v1/applications/db/workflows", [
                "name": "on-order", "steps": [["name": "post", "connector": "upstream", "action": "request",
                                               "input": ["method": "POST", "path": "/echo", "body": ["json": ["id": "{{ input.payload.id }}"]]]]],
            ])
            let created = try await api.call(.post, "/api/v1/applications/db/triggers", [
                "name": "orders", "source": "notify", "connector": "events", "options": ["channel": "plugboard_orders", "dedupField": "id"],
                "target": ["workflow": "on-order"],
            ])
            #expect(created.status == .created, "\(created.text)")
            let trigger = "/api/v1/applications/db/triggers/orders"
            #expect(try await eventually { try await api.call(.get, trigger).json["state"] == "subscribed" })

            func posted(_ id: Int) -> Int {
                upstream.requests(to: "/echo").filter { (try? JSONParser.parse($0.body))?["id"]?.integerValue == Int64(id) }.count
            }
            try await api.query("sender", #"SELECT pg_notify('plugboard_orders', '{"id": 1}')"#)
            #expect(await eventually { posted(1) == 1 }, "the notification started a run that reached the upstream")

            try await api.server.restart()
            // Notifications sent while nobody listens are lost (PostgreSQL keeps none), so send until one arrives.
            let heard = try await eventually(timeout: .seconds(120)) {
                _ = try? await api.run("sender", "query", ["sql": #"SELECT pg_notify('plugboard_orders', '{"id": 2}')"#])
                try await Task.sleep(for: .milliseconds(200))
                return posted(2) > 0
            }
            #expect(heard, "the trigger listens again after the restart")
            let state = try await api.call(.get, trigger)
            #expect(state.json["state"] == "subscribed", "\(state.text)")
            try await Task.sleep(for: .milliseconds(500))
            #expect(posted(2) == 1, "notifications with the same dedup key start one run")
            let events = try await api.call(.get, trigger + "/events")
            #expect(events.json["items"]?.arrayValue?.map { $0["dedupKey"] }.contains("plugboard_orders:2") == true, "\(events.text)")

            let refused = try await api.call(.delete, "/api/v1/applications/db/connectors/events")
            #expect(refused.errorCode == "connector_in_use" && refused.error["details"]?["dependents"]?.arrayValue?.first?["kind"] == "trigger", "\(refused.text)")
            let wrongType = try await api.call(.post, "/api/v1/applications/db/triggers", [
                "name": "nope", "source": "notify", "connector": "upstream", "options": ["channel": "x"], "target": ["workflow": "on-order"],
            ])
            #expect(wrongType.status == .badRequest && wrongType.error["field"] == "source", "\(wrongType.text)")
            let quoted = try await api.call(.post, "/api/v1/applications/db/triggers", [
                "name": "quoted", "source": "notify", "connector": "events", "options": ["channel": #"a"b"#], "target": ["workflow": "on-order"],
            ])
            #expect(quoted.status == .badRequest && quoted.error["field"] == "channel", "\(quoted.text)")
            try await api.expectOK(.delete, trigger)
            try await api.expectOK(.delete, "/api/v1/applications/db/connectors/events")
        }
    }
}

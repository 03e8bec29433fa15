import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

extension PostgreSQLTests {
    /// A `notify` trigger on a real PostgreSQL starts a run per notification, keeps one run per dedup key, and
    /// listens again after `pg_ctl restart` ended its connection and after its connector was edited.
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

            #expect(try await Self.notifyUntilHeard(api, upstream, id: 1), "a notification starts a run that reaches the upstream")

            try await api.server.restart()
            #expect(try await Self.notifyUntilHeard(api, upstream, id: 2), "the trigger listens again after the restart")
            let state = try await api.call(.get, trigger)
            #expect(state.json["state"] == "subscribed", "\(state.text)")

            // Editing the connector moves the source to the new version, listening before the old one stops.
            let edited: JSONValue = ["options": .object(api.server.options(["statementTimeout": 20]))]
            try await api.expectOK(.patch, "/api/v1/applications/db/connectors/events", edited)
            #expect(try await Self.notifyUntilHeard(api, upstream, id: 3), "the trigger listens on the edited connector")

            try await Task.sleep(for: .milliseconds(500))
            #expect((1...3).map { Self.posted(upstream, id: $0) } == [1, 1, 1], "notifications with one dedup key start one run")
            let events = try await api.call(.get, trigger + "/events")
            #expect(events.json["items"]?.arrayValue?.map { $0["dedupKey"] }.contains("plugboard_orders:2") == true, "\(events.text)")
            try await Self.expectRefusals(api)
            try await api.expectOK(.delete, trigger)
            try await api.expectOK(.delete, "/api/v1/applications/db/connectors/events")
        }
    }

    /// How many runs posted this id to the upstream.
    static func posted(_ upstream: UpstreamServer, id: Int) -> Int {
        upstream.requests(to: "/echo").filter { (try? JSONParser.parse($0.body))?["id"]?.integerValue == Int64(id) }.count
    }

    /// Sends `NOTIFY` with this id until a run posts it: PostgreSQL keeps no notification for a listener that is away,
    /// so one sent while the trigger reconnects is lost.
    static func notifyUntilHeard(_ api: PostgreSQLAPI, _ upstream: UpstreamServer, id: Int) async throws -> Bool {
        let sql = "SELECT pg_notify('plugboard_orders', '{\"id\": \(id)}')"
        return try await eventually(timeout: .seconds(120)) {
            _ = try? await api.run("sender", "query", ["sql": .string(sql)])
            try await Task.sleep(for: .milliseconds(200))
            return posted(upstream, id: id) > 0
        }
    }

    /// The connector a trigger reads is in use; a source its type lacks and a channel PostgreSQL could misread are refused.
    static func expectRefusals(_ api: PostgreSQLAPI) async throws {
        let refused = try await api.call(.delete, "/api/v1/applications/db/connectors/events")
        let kinds = refused.error["details"]?["dependents"]?.arrayValue?.map { $0["kind"] } ?? []
        #expect(refused.errorCode == "connector_in_use" && kinds == ["trigger"], "\(refused.text)")
        let wrongType = try await api.call(.post, "/api/v1/applications/db/triggers", [
            "name": "nope", "source": "notify", "connector": "upstream", "options": ["channel": "x"], "target": ["workflow": "on-order"],
        ])
        #expect(wrongType.status == .badRequest && wrongType.error["field"] == "source", "\(wrongType.text)")
        let quoted = try await api.call(.post, "/api/v1/applications/db/triggers", [
            "name": "quoted", "source": "notify", "connector": "events", "options": ["channel": #"a"b"#], "target": ["workflow": "on-order"],
        ])
        #expect(quoted.status == .badRequest && quoted.error["field"] == "channel", "\(quoted.text)")
    }
}

import Hummingbird
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite struct WorkflowsAPITests {
    /// A workflow whose first step reads `/json` from the upstream and whose second posts a value from it to `/echo`.
    static func relay(_ app: String) -> JSONValue {
        [
            "name": "relay", "description": "read, then post what was read",
            "steps": [
                ["name": "fetch", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/json"]],
                ["name": "post", "connector": "upstream", "action": "request",
                 "input": ["method": "POST", "path": "/echo",
                           "body": ["json": ["name": "{{ steps.fetch.output.body.name }}", "count": "{{ steps.fetch.output.body.count }}",
                                             "order": "{{ input.order }}", "note": "order {{ input.order }} of {{ steps.fetch.output.body.name }}"]]]],
            ],
        ]
    }

    @Test func aRunCallsEachStepThroughTheCallPathAndKeepsTypes() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run(runners: true) { api in
            let app = try await api.makeApplication("flows")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: upstream.baseURL)
            let created = try await api.call(.post, "/api/v1/applications/\(app)/workflows", Self.relay(app))
            #expect(created.status == .created, "\(created.text)")
            #expect(created.json["steps"]?[0]?["connectorName"] == "upstream")
            #expect(created.json["steps"]?[0]?["connector"]?.stringValue?.hasPrefix("con") == true, "steps keep the connector's id")

            let ran = try await api.call(.post, "/api/v1/applications/\(app)/workflows/relay/runs?wait=60", ["input": ["order": 42]])
            #expect(ran.status == .created, "\(ran.text)")
            #expect(ran.json["status"] == "succeeded", "\(ran.text)")
            #expect(ran.json["steps"]?.arrayValue?.map { $0["status"] } == ["succeeded", "succeeded"])
            let posted = try #require(upstream.requests(to: "/echo").last)
            let body = try JSONParser.parse(posted.body)
            #expect(body["name"] == "plugboard" && body["count"] == 3 && body["order"] == 42, "a whole reference keeps its JSON type")
            #expect(body["note"] == "order 42 of plugboard")
            #expect(ran.json["output"]?["status"] == 200, "the run's output is its last step's")

            let runID = try #require(ran.json["id"]?.stringValue)
            let executions = try await api.call(.get, "/api/v1/applications/\(app)/executions?run=\(runID)")
            #expect(executions.json["total"] == 2, "\(executions.text)")
            #expect(executions.json["items"]?[0]?["runId"]?.stringValue == runID)

            let viaWorkflow = try await api.call(.get, "/api/v1/applications/\(app)/workflows/relay/runs/\(runID)")
            #expect(viaWorkflow.json["steps"]?.arrayValue?.count == 2, "\(viaWorkflow.text)")
            let history = try await api.call(.get, "/api/v1/applications/\(app)/workflows/relay/runs")
            #expect(history.json["items"]?[0]?["id"]?.stringValue == runID && history.json["total"] == 1)
        }
    }

    @Test func stepsBranchLoopRetryAndContinue() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run(runners: true) { api in
            let app = try await api.makeApplication("flows")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: upstream.baseURL, options: ["retries": 0])
            let workflow: JSONValue = [
                "name": "control",
                "steps": [
                    ["name": "skipped", "if": "{{ input.go }}", "connector": "upstream", "action": "request",
                     "input": ["method": "GET", "path": "/echo?skipped=1"]],
                    ["name": "each", "forEach": "{{ input.tags }}", "connector": "upstream", "action": "request",
                     "input": ["method": "GET", "path": "/echo", "query": ["tag": "{{ item }}"]]],
                    ["name": "flaky", "connector": "upstream", "action": "request", "retry": ["attempts": 3, "backoff": 0],
                     "input": ["method": "POST", "path": "/flaky/workflow"]],
                    ["name": "broken", "connector": "upstream", "action": "request", "onError": "continue",
                     "input": ["method": "GET", "path": "/status/500"]],
                    ["name": "last", "connector": "upstream", "action": "request",
                     "input": ["method": "GET", "path": "/echo", "query": ["attempt": "{{ steps.flaky.output.body.attempt }}"]]],
                ],
            ]
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", workflow)
            let ran = try await api.call(
                .post, "/api/v1/applications/\(app)/workflows/control/runs?wait=60", ["input": ["go": false, "tags": ["red", "green"]]])
            #expect(ran.json["status"] == "succeeded", "\(ran.text)")
            let steps = try #require(ran.json["steps"]?.arrayValue)
            #expect(steps.map { $0["status"] } == ["skipped", "succeeded", "succeeded", "failed", "succeeded"])
            #expect(steps[1]["output"]?.arrayValue?.count == 2, "forEach's output is the list of each element's output")
            #expect(steps[2]["attempts"] == 3, "two 503s, then the third try succeeds")
            #expect(steps[3]["error"]?["code"] == "upstream_error")
            #expect(upstream.requests(to: "/echo").compactMap { $0.queryValues("tag").first } == ["red", "green"])
            #expect(upstream.requests(to: "/echo").contains { $0.queryValues("skipped").first != nil } == false)
            #expect(upstream.requests(to: "/echo").last?.queryValues("attempt") == ["3"])

            let stopped = try await api.call(
                .patch, "/api/v1/applications/\(app)/workflows/control", ["steps": [
                    ["name": "broken", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/status/500"]],
                    ["name": "never", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/echo?never=1"]],
                ]])
            #expect(stopped.json["version"] == 2, "\(stopped.text)")
            let failed = try await api.call(.post, "/api/v1/applications/\(app)/workflows/control/runs?wait=60", ["input": [:]])
            #expect(failed.json["status"] == "failed")
            #expect(failed.json["error"]?["code"] == "upstream_error" && failed.json["error"]?["details"]?["step"] == "broken", "\(failed.text)")
            #expect(failed.json["steps"]?[1]?["status"] == "not_run")
            #expect(!upstream.requests(to: "/echo").contains { $0.queryValues("never").first != nil })
        }
    }

    @Test func aStepRunsAnotherWorkflowAndATimeoutBoundsEachTry() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run(runners: true) { api in
            let app = try await api.makeApplication("flows")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: upstream.baseURL)
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", [
                "name": "inner", "inputSchema": ["type": "object", "required": ["tag"]],
                "steps": [["name": "tagged", "connector": "upstream", "action": "request",
                           "input": ["method": "GET", "path": "/echo", "query": ["tag": "{{ input.tag }}"]]]],
            ])
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", [
                "name": "outer", "steps": [
                    ["name": "nested", "workflow": "inner", "input": ["tag": "{{ input.tag }}"]],
                    ["name": "slow", "connector": "upstream", "action": "request", "timeout": 0.5, "onError": "continue",
                     "input": ["method": "GET", "path": "/slow", "query": ["seconds": "30"]]],
                ],
            ])
            let ran = try await api.call(.post, "/api/v1/applications/\(app)/workflows/outer/runs?wait=60", ["input": ["tag": "blue"]])
            #expect(ran.json["status"] == "succeeded", "\(ran.text)")
            let steps = try #require(ran.json["steps"]?.arrayValue)
            #expect(steps[0]["status"] == "succeeded" && steps[0]["output"]?["body"]?["query"]?["tag"] == "blue", "\(steps[0])")
            // The deadline ends the try wherever it is: still connecting on a busy machine, or waiting for the answer.
            let code = steps[1]["error"]?["code"]?.stringValue ?? ""
            #expect(steps[1]["status"] == "failed" && ["timed_out", "connection_timed_out"].contains(code), "\(steps[1])")
            #expect(upstream.requests(to: "/echo").map { $0.queryValues("tag") } == [["blue"]])

            let refused = try await api.call(.post, "/api/v1/applications/\(app)/workflows/outer/runs?wait=60", ["input": [:]])
            #expect(refused.json["status"] == "failed" && refused.json["error"]?["details"]?["step"] == "nested", "\(refused.text)")
            #expect(refused.json["error"]?["code"] == "invalid_input", "the inner workflow's input schema is checked")
        }
    }

    @Test func badWorkflowsAreRefusedWhenSaved() async throws {
        try await APIFixture().run { api in
            let app = try await api.makeApplication("flows")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: "http://127.0.0.1:9")
            let path = "/api/v1/applications/\(app)/workflows"
            func step(_ name: String, _ extra: JSONObject = [:]) -> JSONValue {
                var object: JSONObject = ["name": .string(name), "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/"]]
                for (key, value) in extra { object[key] = value }
                return .object(object)
            }
            let cases: [(JSONValue, String, String)] = [
                (["name": "w", "steps": [step("a", ["connector": "nope"])]], "not_found", "steps[0].connector"),
                (["name": "w", "steps": [step("a", ["action": "explode"])]], "invalid_input", "steps[0].action"),
                (["name": "w", "steps": [step("a"), step("a")]], "invalid_input", "steps[1].name"),
                (["name": "w", "steps": [step("a", ["input": ["path": "{{ steps.b.output.x }}"]]), step("b")]], "invalid_input", "steps[0].input"),
                (["name": "w", "steps": [step("a", ["input": ["path": "{{ item }}"]])]], "invalid_input", "steps[0].input"),
                (["name": "w", "steps": [step("a", ["input": ["path": "{{ input.x "]])]], "invalid_input", "steps[0].input.path"),
                (["name": "w", "steps": [step("a", ["onError": "shrug"])]], "invalid_input", "steps[0].onError"),
                (["name": "w", "steps": [step("a", ["retry": ["attempts": 50]])]], "invalid_input", "steps[0].retry.attempts"),
                (["name": "w", "steps": []], "invalid_input", "steps"),
                (["name": "w", "steps": [step("a", ["colour": "blue"])]], "invalid_input", "steps[0].colour"),
            ]
            for (body, code, field) in cases {
                let reply = try await api.call(.post, path, body)
                #expect(reply.status.code / 100 == 4 && reply.errorCode == code && reply.error["field"]?.stringValue == field, "\(body.jsonString()) → \(reply.text)")
            }
            let listed = try await api.call(.get, path)
            #expect(listed.json["total"] == 0, "nothing refused was written")
        }
    }

    @Test func connectorsAndWorkflowsInUseAreNotDeleted() async throws {
        try await APIFixture().run { api in
            let app = try await api.makeApplication("flows")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: "http://127.0.0.1:9")
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", [
                "name": "uses-it", "steps": [["name": "call", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/"]]],
            ])
            try await api.expectOK(.post, "/api/v1/applications/\(app)/triggers", [
                "name": "hook", "source": "webhook", "target": ["workflow": "uses-it"],
            ])
            let refused = try await api.call(.delete, "/api/v1/applications/\(app)/connectors/upstream")
            #expect(refused.status == .conflict && refused.errorCode == "connector_in_use", "\(refused.text)")
            let dependents = refused.error["details"]?["dependents"]?.arrayValue ?? []
            #expect(dependents.map { $0["kind"] } == ["workflow"] && dependents.first?["name"]?.stringValue?.contains("uses-it") == true)

            let workflowRefused = try await api.call(.delete, "/api/v1/applications/\(app)/workflows/uses-it")
            #expect(workflowRefused.status == .conflict && workflowRefused.error["message"]?.stringValue?.contains("trigger 'hook'") == true)

            try await api.expectOK(.delete, "/api/v1/applications/\(app)/triggers/hook")
            try await api.expectOK(.delete, "/api/v1/applications/\(app)/workflows/uses-it")
            try await api.expectOK(.delete, "/api/v1/applications/\(app)/connectors/upstream")
        }
    }

    @Test func aRunningRunIsCancelled() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run(runners: true) { api in
            let app = try await api.makeApplication("flows")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: upstream.baseURL)
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", [
                "name": "slow", "steps": [
                    ["name": "wait", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/slow", "query": ["seconds": "120"]]],
                    ["name": "after", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/echo"]],
                ],
            ])
            let started = try await api.call(.post, "/api/v1/applications/\(app)/workflows/slow/runs", ["input": [:]])
            let runID = try #require(started.json["id"]?.stringValue)
            #expect(await eventually { !upstream.requests(to: "/slow").isEmpty })
            let cancelled = try await api.call(.post, "/api/v1/applications/\(app)/runs/\(runID)/cancel")
            #expect(cancelled.status == .ok && cancelled.json["cancelRequested"] == true, "\(cancelled.text)")
            let ended = try await api.call(.get, "/api/v1/applications/\(app)/runs/\(runID)?wait=60")
            #expect(ended.json["status"] == "cancelled" && ended.json["error"]?["code"] == "cancelled", "\(ended.text)")
            #expect(upstream.requests(to: "/echo").isEmpty)
            let again = try await api.call(.post, "/api/v1/applications/\(app)/runs/\(runID)/cancel")
            #expect(again.status == .conflict)
        }
    }
}

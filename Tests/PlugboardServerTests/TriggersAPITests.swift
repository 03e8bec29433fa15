import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardStore
import PlugboardTestSupport
import Testing

@Suite struct TriggersAPITests {
    static func webhookHeaders(secret: String, _ extra: HTTPFields = [:]) -> HTTPFields {
        var headers = extra
        headers[HTTPField.Name("Plugboard-Webhook-Secret")!] = secret
        return headers
    }

    @Test func aWebhookStartsATwoStepWorkflowEndToEnd() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run(runners: true) { api in
            let app = try await api.makeApplication("hooks")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: upstream.baseURL)
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", [
                "name": "relay", "steps": [
                    ["name": "fetch", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/json"]],
                    ["name": "post", "connector": "upstream", "action": "request",
                     "input": ["method": "POST", "path": "/echo",
                               "body": ["json": ["tags": "{{ steps.fetch.output.body.tags }}", "order": "{{ input.body.order.id }}",
                                                 "dedup": "{{ input.event.dedupKey }}"]]]],
                ],
            ])
            let created = try await api.call(.post, "/api/v1/applications/\(app)/triggers", [
                "name": "orders", "source": "webhook", "target": ["workflow": "relay"],
            ])
            #expect(created.status == .created, "\(created.text)")
            let secret = try #require(created.json["secret"]?.stringValue)
            let url = try #require(created.json["url"]?.stringValue)
            let triggerID = try #require(created.json["id"]?.stringValue)
            #expect(url.hasSuffix("/hooks/\(triggerID)"))
            let shown = try await api.call(.get, "/api/v1/applications/\(app)/triggers/orders")
            #expect(shown.json["secret"] == nil && !shown.text.contains(secret), "the secret is shown once")
            #expect(try await eventually { try await api.call(.get, "/api/v1/applications/\(app)/triggers/orders").json["state"] == "subscribed" })

            let posted = try await api.call(
                .post, "/hooks/\(triggerID)", ["order": ["id": 7]], token: nil,
                headers: Self.webhookHeaders(secret: secret, [HTTPField.Name("Idempotency-Key")!: "delivery-1"]))
            #expect(posted.status == .accepted && posted.json["duplicate"] == false, "\(posted.text)")
            let again = try await api.call(
                .post, "/hooks/\(triggerID)", ["order": ["id": 7]], token: nil,
                headers: Self.webhookHeaders(secret: secret, [HTTPField.Name("Idempotency-Key")!: "delivery-1"]))
            #expect(again.status == .accepted && again.json["duplicate"] == true, "a sender's retry is stored once")

            let events = "/api/v1/applications/\(app)/triggers/orders/events"
            #expect(try await eventually { try await api.call(.get, events).json["items"]?[0]?["runId"]?.stringValue != nil })
            let event = try await api.call(.get, events)
            #expect(event.json["total"] == 1 && event.json["items"]?[0]?["status"] == "delivered")
            let runID = try #require(event.json["items"]?[0]?["runId"]?.stringValue)
            let run = try await api.call(.get, "/api/v1/applications/\(app)/runs/\(runID)?wait=60")
            #expect(run.json["status"] == "succeeded" && run.json["startedBy"] == "trigger orders", "\(run.text)")
            #expect(run.json["input"]?["headers"]?["plugboard-webhook-secret"] == nil, "the secret never reaches the run")

            let echoed = try #require(upstream.requests(to: "/echo").last)
            let body = try JSONParser.parse(echoed.body)
            #expect(body["tags"] == ["a", "b"] && body["order"] == 7 && body["dedup"] == "header:delivery-1", "\(echoed.bodyText)")
            #expect(upstream.requests(to: "/json").count == 1 && upstream.requests(to: "/echo").count == 1, "one event, one run")

            let trigger = try await api.call(.get, "/api/v1/applications/\(app)/triggers/orders")
            #expect(trigger.json["eventCount"] == 1 && trigger.json["lastEventAt"]?.stringValue != nil)
        }
    }

    @Test func webhookRequestsAreChecked() async throws {
        try await APIFixture().run { api in
            let app = try await api.makeApplication("hooks")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: "http://127.0.0.1:9")
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", [
                "name": "target", "steps": [["name": "a", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/"]]],
            ])
            let created = try await api.call(.post, "/api/v1/applications/\(app)/triggers", [
                "name": "checked", "source": "webhook", "target": ["workflow": "target"], "options": ["maxBodyBytes": 64],
            ])
            let secret = try #require(created.json["secret"]?.stringValue)
            let id = try #require(created.json["id"]?.stringValue)
            let events = "/api/v1/applications/\(app)/triggers/checked/events"

            let wrong = try await api.call(.post, "/hooks/\(id)", ["a": 1], token: nil, headers: Self.webhookHeaders(secret: secret + "x"))
            #expect(wrong.status == .unauthorized && wrong.errorCode == "unauthorized", "\(wrong.text)")
            let missing = try await api.call(.post, "/hooks/\(id)", ["a": 1], token: nil)
            #expect(missing.status == .unauthorized)
            let big = try await api.call(.post, "/hooks/\(id)", ["a": .string(String(repeating: "x", count: 100))], token: nil, headers: Self.webhookHeaders(secret: secret))
            #expect(big.status == .contentTooLarge && big.errorCode == "payload_too_large", "\(big.text)")
            let malformed = try await api.call(.post, "/hooks/\(id)", token: nil, rawBody: "{\"a\":", headers: Self.webhookHeaders(secret: secret))
            #expect(malformed.status == .badRequest)
            #expect(try await api.call(.get, events).json["total"] == 0, "nothing refused was stored")

            let body = #"{"signed":true}"#
            let mac = HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: SymmetricKey(data: Data(secret.utf8)))
            let hex = mac.map { String(format: "%02x", $0) }.joined()
            let signed = try await api.call(
                .post, "/hooks/\(id)", token: nil, rawBody: body, headers: [HTTPField.Name("Plugboard-Signature")!: "sha256=\(hex)"])
            #expect(signed.status == .accepted, "\(signed.text)")
            let forged = try await api.call(
                .post, "/hooks/\(id)", token: nil, rawBody: #"{"signed":false}"#, headers: [HTTPField.Name("Plugboard-Signature")!: "sha256=\(hex)"])
            #expect(forged.status == .unauthorized)
            let stored = try await api.call(.get, events)
            #expect(stored.json["total"] == 1 && stored.json["items"]?[0]?["payload"]?["body"]?["signed"] == true)

            try await api.expectOK(.patch, "/api/v1/applications/\(app)/triggers/checked", ["paused": true])
            let paused = try await api.call(.post, "/hooks/\(id)", ["a": 1], token: nil, headers: Self.webhookHeaders(secret: secret))
            #expect(paused.status == .conflict)
            let unknown = try await api.call(.post, "/hooks/tr_nothing", ["a": 1], token: nil, headers: Self.webhookHeaders(secret: secret))
            #expect(unknown.status == .notFound)
            let badSchedule = try await api.call(.post, "/api/v1/applications/\(app)/triggers", [
                "name": "bad", "source": "schedule", "options": ["cron": "61 * * * *"], "target": ["workflow": "target"],
            ])
            #expect(badSchedule.status == .badRequest && badSchedule.error["field"]?.stringValue?.hasPrefix("options.cron") == true, "\(badSchedule.text)")
            let badSource = try await api.call(.post, "/api/v1/applications/\(app)/triggers", ["name": "bad", "source": "carrier-pigeon", "target": ["workflow": "target"]])
            #expect(badSource.status == .badRequest && badSource.error["field"] == "source")
        }
    }

    @Test func aScheduleFiresWithinItsInterval() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run(runners: true) { api in
            let app = try await api.makeApplication("schedules")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: upstream.baseURL)
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", [
                "name": "tick", "steps": [["name": "ping", "connector": "upstream", "action": "request",
                                           "input": ["method": "GET", "path": "/echo", "query": ["at": "{{ input.scheduledAt }}"]]]],
            ])
            let created = try await api.call(.post, "/api/v1/applications/\(app)/triggers", [
                "name": "every-second", "source": "schedule", "options": ["interval": 1], "target": ["workflow": "tick"],
            ])
            #expect(created.status == .created && created.json["secret"] == nil, "\(created.text)")
            #expect(await eventually { upstream.requests(to: "/echo").count >= 2 }, "two ticks a second apart reach the upstream")
            let stamps = upstream.requests(to: "/echo").compactMap { $0.queryValues("at").first }
            #expect(Set(stamps).count == stamps.count, "each tick is its own event")
            let trigger = try await api.call(.get, "/api/v1/applications/\(app)/triggers/every-second")
            #expect(trigger.json["state"] == "subscribed" && (trigger.json["eventCount"]?.integerValue ?? 0) >= 2)
        }
    }

    @Test func anEventIsPostedToACallbackURL() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        try await APIFixture().run(runners: true) { api in
            let app = try await api.makeApplication("callbacks")
            let created = try await api.call(.post, "/api/v1/applications/\(app)/triggers", [
                "name": "forward", "source": "webhook", "target": ["url": .string(upstream.baseURL + "/echo")],
            ])
            let secret = try #require(created.json["secret"]?.stringValue)
            let id = try #require(created.json["id"]?.stringValue)
            let posted = try await api.call(.post, "/hooks/\(id)", ["hello": "callback"], token: nil, headers: Self.webhookHeaders(secret: secret))
            #expect(posted.status == .accepted)
            #expect(await eventually { !upstream.requests(to: "/echo").isEmpty })
            let received = try #require(upstream.requests(to: "/echo").first)
            #expect(received.header("Plugboard-Event-Id") == posted.json["eventId"]?.stringValue)
            let body = try JSONParser.parse(received.body)
            #expect(body["payload"]?["body"]?["hello"] == "callback" && body["trigger"]?["name"] == "forward")
            #expect(!received.bodyText.contains(secret))
            let delivered = try await eventually {
                try await api.call(.get, "/api/v1/applications/\(app)/triggers/forward/events").json["items"]?[0]?["status"] == "delivered"
            }
            #expect(delivered)
        }
    }

    @Test func aRunResumesAfterItsLastFinishedStep() async throws {
        let upstream = UpstreamServer()
        try await upstream.start()
        defer { Task { await upstream.stop() } }
        let fixture = try await APIFixture()
        try await fixture.run { api in
            let app = try await api.makeApplication("resume")
            try await api.makeRESTConnector(app, name: "upstream", baseURL: upstream.baseURL)
            try await api.expectOK(.post, "/api/v1/applications/\(app)/workflows", [
                "name": "two", "steps": [
                    ["name": "first", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/echo?step=first"]],
                    ["name": "second", "connector": "upstream", "action": "request",
                     "input": ["method": "GET", "path": "/echo", "query": ["from": "{{ steps.first.output.body.marker }}"]]],
                ],
            ])
            // What a process that died after the first step leaves: a running run with a lapsed lease and one result.
            let store = fixture.instance.store
            let application = try #require(try await store.application(app))
            let workflow = try #require(try await store.workflow(applicationID: application.id, "two"))
            let run = WorkflowRunRecord(
                applicationID: application.id, workflowID: workflow.id, workflowName: workflow.name, steps: workflow.steps, input: [:], startedBy: "test")
            try await store.insertRun(run)
            _ = try await store.claimRuns(owner: "dead-process", leaseUntil: Date().addingTimeInterval(-1), now: Date(), limit: 10)
            try await store.recordStepResult(runID: run.id, WorkflowStepResult(
                index: 0, name: "first", status: .succeeded, attempts: 1, startedAt: Date(), durationMs: 1, output: ["body": ["marker": "from-before"]]))

            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await fixture.instance.workflowRunner.run() }
                let ended = try await api.call(.get, "/api/v1/applications/\(app)/runs/\(run.id)?wait=60")
                group.cancelAll()
                #expect(ended.json["status"] == "succeeded", "\(ended.text)")
            }
            #expect(upstream.requests(to: "/echo").map { $0.queryValues("step").first ?? $0.queryValues("from").first ?? "?" } == ["from-before"],
                    "the finished step is not run again; the next one reads its stored output")
        }
    }
}

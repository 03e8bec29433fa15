import AsyncHTTPClient
import Foundation
import NIOCore
import PlugboardCore
import PlugboardTestSupport
import Synchronization
import Testing

extension EndToEndTests {
    /// A webhook trigger starts a two-step workflow through the real binary; during a burst of webhook posts the
    /// server is killed with `kill -9`; after a restart every event answered 202 has exactly one run, and each run
    /// succeeded. Then a run is interrupted by a restart between its steps and resumes without repeating the first.
    @Test("Workflows: webhook bursts survive kill -9, each event runs once; a restart mid-run resumes it")
    func workflowsSurviveCrashesAndRestarts() async throws {
        try await withUpstreamServer { upstream in
            let server = try ServerProcess(name: "workflows")
            let environment = ["PLUGBOARD_LEASE_SECONDS": "2"]
            do {
                try await server.start(environment: environment)
                let api = server.api()
                let cli = server.cli()
                let baseKey = try await RESTConnectorType.baseURLOption(api)
                _ = try api.expectSuccess(try await api.post("/api/v1/applications", ["name": "flows"]), "create the application")
                _ = try api.expectSuccess(try await api.post("/api/v1/applications/flows/connectors", [
                    "type": .string(RESTConnectorType.id), "name": "upstream", "options": [.init(baseKey): .string(upstream.baseURL)],
                ]), "create the connector")
                let definition: JSONValue = [
                    "name": "relay", "steps": [
                        ["name": "fetch", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/json"]],
                        ["name": "post", "connector": "upstream", "action": "request",
                         "input": ["method": "POST", "path": "/echo", "body": ["json": ["n": "{{ input.body.n }}", "name": "{{ steps.fetch.output.body.name }}"]]]],
                    ],
                ]
                let created = try await cli.run(["workflows", "create", "-a", "flows", "--definition", definition.jsonString()])
                #expect(created.status == 0 && created.stdout.contains("Created workflow relay"), "\(created)")
                let manual = try await cli.run(["workflows", "run", "-a", "flows", "relay", "--input", #"{"body": {"n": -1}}"#, "--wait"])
                #expect(manual.status == 0 && manual.stdout.contains("✓ fetch") && manual.stdout.contains("✓ post"), "\(manual)")

                let trigger = try await cli.run(["triggers", "create", "-a", "flows", "orders", "--webhook", "--workflow", "relay", "--json"])
                let triggerJSON = try trigger.json()
                let triggerID = try #require(triggerJSON["id"]?.stringValue, "\(trigger)")
                let secret = try #require(triggerJSON["secret"]?.stringValue)

                let burst = WebhookBurst()
                let baseURL = server.baseURL
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for sender in 0..<4 {
                        group.addTask {
                            var n = sender
                            while !burst.killed.load(ordering: .relaxed) {
                                if await Self.postWebhook(baseURL, triggerID, secret: secret, n: n) { burst.accepted.withLock { _ = $0.insert(n) } }
                                n += 4
                            }
                        }
                    }
                    try await Task.sleep(for: .milliseconds(1500))
                    await server.kill9()
                    burst.killed.store(true, ordering: .relaxed)
                    try await group.waitForAll()
                }
                let acknowledged = burst.accepted.withLock { $0 }
                #expect(acknowledged.count >= 8, "too few webhooks were acknowledged to prove anything: \(acknowledged.count)")

                try await server.start(environment: environment)
                let restarted = server.api()
                var runsByEvent: [Int: [JSONValue]] = [:]
                let settled = try await eventually(timeout: .seconds(120)) {
                    // Every page: a quiet machine acknowledges more than one page of webhooks before the kill.
                    var runs: [JSONValue] = []
                    while true {
                        let page = try await restarted.get("/api/v1/applications/flows/workflows/relay/runs?limit=500&offset=\(runs.count)")
                            .json["items"]?.arrayValue ?? []
                        runs += page
                        if page.count < 500 { break }
                    }
                    runsByEvent = Dictionary(grouping: runs.filter { $0["startedBy"] == "trigger orders" }) {
                        Int($0["input"]?["body"]?["n"]?.integerValue ?? -1)
                    }
                    return acknowledged.allSatisfy { runsByEvent[$0]?.first?["status"] == "succeeded" }
                }
                #expect(settled, "every acknowledged event ends in a succeeded run; missing: \(acknowledged.filter { runsByEvent[$0]?.first?["status"] != "succeeded" }.sorted().prefix(10))")
                #expect(acknowledged.allSatisfy { runsByEvent[$0]?.count == 1 }, "each event starts exactly one run")
                let posted = Dictionary(grouping: upstream.requests(to: "/echo").compactMap { try? JSONParser.parse($0.body)["n"]?.integerValue }) { $0 }
                #expect(acknowledged.allSatisfy { posted[Int64($0)] != nil }, "every acknowledged event reached the upstream")
                print("workflows crash: \(acknowledged.count) webhooks acknowledged before kill -9, all ran once after the restart; "
                      + "\(posted.values.filter { $0.count > 1 }.count) second step(s) repeated because the kill cut them before their result was stored")

                // A restart between steps: the second step is in flight when the server stops, and resumes after.
                _ = try await server.cli().run(["workflows", "create", "-a", "flows", "--definition", #"""
                    {"name": "two", "steps": [
                      {"name": "first", "connector": "upstream", "action": "request", "input": {"method": "GET", "path": "/echo?step=first"}},
                      {"name": "second", "connector": "upstream", "action": "request", "input": {"method": "GET", "path": "/slow?seconds=3"}}]}
                    """#])
                let started = try await server.cli().run(["workflows", "run", "-a", "flows", "two", "--json"])
                let runID = try #require(try started.json()["id"]?.stringValue, "\(started)")
                #expect(await eventually { !upstream.requests(to: "/slow").isEmpty })
                #expect(try await server.stop() == 0)
                try await server.start(environment: environment)
                let resumed = try await server.api().get("/api/v1/applications/flows/runs/\(runID)?wait=120")
                #expect(resumed.json["status"] == "succeeded", "\(resumed)")
                #expect(upstream.requests(to: "/echo").filter { $0.queryValues("step") == ["first"] }.count == 1, "the finished step did not run again")
                #expect(upstream.requests(to: "/slow").count == 2, "the interrupted step ran again after the restart")

                await server.shutdown()
                try? FileManager.default.removeItem(at: server.workDirectory)
            } catch {
                await server.shutdown()
                print("end-to-end workflows: data and logs kept in \(server.workDirectory.path)")
                throw error
            }
        }
    }

    /// Posts one webhook event; true when the server answered 202.
    static func postWebhook(_ baseURL: String, _ triggerID: String, secret: String, n: Int) async -> Bool {
        var request = HTTPClientRequest(url: "\(baseURL)/hooks/\(triggerID)")
        request.method = .POST
        request.headers.add(name: "Plugboard-Webhook-Secret", value: secret)
        request.headers.add(name: "Idempotency-Key", value: "event-\(n)")
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(bytes: JSONValue.object(["n": .integer(Int64(n))]).jsonBytes()))
        do {
            let response = try await APISession.httpClient.execute(request, timeout: .seconds(30))
            _ = try await response.body.collect(upTo: 1 << 16)
            return response.status.code == 202
        } catch {
            return false
        }
    }
}

/// What the webhook senders share: the events the server answered 202, and whether it was killed.
private final class WebhookBurst: Sendable {
    let accepted = Mutex<Set<Int>>([])
    let killed = Atomic<Bool>(false)
}

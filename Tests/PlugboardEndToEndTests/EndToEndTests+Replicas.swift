import AsyncHTTPClient
import Foundation
import NIOCore
import PlugboardCore
import PlugboardTestSupport
import Testing

extension EndToEndTests {
    /// Two `plugboard serve` replicas on one PostgreSQL database, nginx balancing between them: a connector created
    /// through one runs through the other at once, and webhooks posted through nginx (so to either replica) each
    /// start exactly one run, whichever replica holds the trigger.
    @Test("Replicas: two servers on one PostgreSQL behind nginx share connectors at once and run each webhook once")
    func replicasBehindABalancer() async throws {
        let environment = try SharedStore.environment(leaseSeconds: 3)
        try await withUpstreamServer { upstream in
            try await ServerProcess.with(name: "replica-a", environment: environment) { a in
                try await ServerProcess.with(name: "replica-b", environment: environment) { b in
                    let balancer = try await NginxBalancer(upstreams: [a.port, b.port])
                    do {
                        try await Self.connectorsAreSharedAtOnce(a, b, upstream: upstream)
                        try await Self.webhooksRunOnce(through: balancer, a, b)
                    } catch {
                        await balancer.stop()
                        throw error
                    }
                    await balancer.stop()
                }
            }
        }
    }

    private static func connectorsAreSharedAtOnce(_ a: ServerProcess, _ b: ServerProcess, upstream: UpstreamServer) async throws {
        let api = a.api()
        let baseKey = try await RESTConnectorType.baseURLOption(api)
        _ = try api.expectSuccess(try await api.post("/api/v1/applications", ["name": "shared"]), "create the application")
        let credential = try api.expectSuccess(
            try await api.post(
                "/api/v1/applications/shared/credentials",
                ["name": "token", "kind": "bearer_token", "fields": ["token": "shared-replica-token"]]),
            "create a credential through A")
        _ = try api.expectSuccess(
            try await api.post(
                "/api/v1/applications/shared/connectors",
                ["type": .string(RESTConnectorType.id), "name": "upstream", "options": [.init(baseKey): .string(upstream.baseURL)],
                 "credentialId": credential["id"] ?? .null]),
            "create a connector through A")
        let input = RESTConnectorType.get("/auth/bearer/shared-replica-token").jsonString()
        let ran = try await b.cli().run(["run", "-a", "shared", "upstream", "request", "--input", input])
        #expect(ran.status == 0 && (try? ran.json()["status"]?.integerValue) == 200, "B runs A's new connector with its credential: \(ran)")
    }

    private static func webhooksRunOnce(through balancer: NginxBalancer, _ a: ServerProcess, _ b: ServerProcess) async throws {
        let definition: JSONValue = [
            "name": "relay", "steps": [["name": "fetch", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/json"]]],
        ]
        let created = try await a.cli().run(["workflows", "create", "-a", "shared", "--definition", definition.jsonString()])
        #expect(created.status == 0, "\(created)")
        let trigger = try await b.cli().run(["triggers", "create", "-a", "shared", "orders", "--webhook", "--workflow", "relay", "--json"])
        let triggerJSON = try trigger.json()
        let triggerID = try #require(triggerJSON["id"]?.stringValue, "\(trigger)")
        let secret = try #require(triggerJSON["secret"]?.stringValue)

        let count = 40
        var accepted = 0
        for n in 0..<count where await postWebhook(balancer.baseURL, triggerID, secret: secret, n: n) { accepted += 1 }
        #expect(accepted == count, "nginx passed every webhook to a replica that took it")
        let api = balancer.api()
        var runsByEvent: [Int64: Int] = [:]
        let settled = try await eventually(timeout: .seconds(120)) {
            let runs = try await api.get("/api/v1/applications/shared/workflows/relay/runs?limit=500").json["items"]?.arrayValue ?? []
            runsByEvent = [:]
            for run in runs where run["startedBy"] == "trigger orders" && run["status"] == "succeeded" {
                runsByEvent[run["input"]?["body"]?["n"]?.integerValue ?? -1, default: 0] += 1
            }
            return runsByEvent.count == count
        }
        #expect(settled, "every webhook ran: \(runsByEvent.count) of \(count)")
        #expect(runsByEvent.values.allSatisfy { $0 == 1 }, "no webhook ran twice: \(runsByEvent.filter { $0.value > 1 })")
    }
}

extension NginxBalancer {
    /// The HTTP API through the balancer, with the admin token.
    func api() -> APISession {
        APISession(baseURL: baseURL, token: ServerProcess.adminToken, transcript: Transcript())
    }
}

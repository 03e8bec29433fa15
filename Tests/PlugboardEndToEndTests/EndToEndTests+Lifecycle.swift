import AsyncHTTPClient
import Foundation
import NIOCore
import PlugboardCore
import PlugboardTestSupport
import Testing

extension EndToEndTests {
    /// SIGTERM stops taking new work but lets an execution in flight finish and answer, then exits cleanly.
    @Test("SIGTERM drains in-flight executions, then exits 0")
    func sigtermDrains() async throws {
        try await withUpstreamServer { upstream in
            try await ServerProcess.with(name: "drain") { server in
                let api = server.api()
                try await makeSlowConnector(api, upstream: upstream, application: "drain")
                async let slow = api.post("/api/v1/applications/drain/connectors/slow/actions/request", ["path": "/slow?seconds=2"])
                try await waitUntil { upstream.requests(to: "/slow").count == 1 }
                let status = try await server.stop()
                let answer = try await slow
                #expect(answer.status == 200, "the execution in flight finishes: \(answer)")
                #expect(answer.json["output"]?["status"] == 200)
                #expect(status == 0)
                #expect(server.logText.contains("Plugboard stopped"))
            }
        }
    }

    /// With `Plugboard-Cancel-On-Disconnect: true`, a caller that goes away cancels its execution.
    @Test("A caller that disconnects cancels its execution")
    func disconnectCancels() async throws {
        try await withUpstreamServer { upstream in
            try await ServerProcess.with(name: "cancel") { server in
                let api = server.api()
                try await makeSlowConnector(api, upstream: upstream, application: "cancel")
                var request = HTTPClientRequest(url: server.baseURL + "/api/v1/applications/cancel/connectors/slow/actions/request")
                request.method = .POST
                request.headers.add(name: "Authorization", value: "Bearer \(ServerProcess.adminToken)")
                request.headers.add(name: "Plugboard-Cancel-On-Disconnect", value: "true")
                request.body = .bytes(ByteBuffer(string: #"{"path": "/slow?seconds=20"}"#))
                // The client gives up after half a second and closes its connection.
                await #expect(throws: (any Error).self) {
                    _ = try await APISession.httpClient.execute(request, timeout: .milliseconds(500))
                }
                var failures: [JSONValue] = []
                try await waitUntil {
                    let log = try? await api.get("/api/v1/applications/cancel/executions?status=failed")
                    failures = log?.json["items"]?.arrayValue ?? []
                    return !failures.isEmpty
                }
                #expect(failures.first?["errorCode"] == "cancelled", "\(failures)")
                let duration = failures.first?["durationMs"]?.doubleValue ?? .infinity
                #expect(duration < 10_000, "cancelled long before the upstream's 20 s: \(duration) ms")
            }
        }
    }

    private func makeSlowConnector(_ api: APISession, upstream: UpstreamServer, application: String) async throws {
        let baseKey = try await RESTConnectorType.baseURLOption(api)
        _ = try api.expectSuccess(try await api.post("/api/v1/applications", ["name": .string(application)]), "create the application")
        _ = try api.expectSuccess(
            try await api.post(
                "/api/v1/applications/\(application)/connectors",
                ["type": .string(RESTConnectorType.id), "name": "slow", "options": [baseKey: .string(upstream.baseURL), "timeout": 60]]),
            "create the connector")
    }

    /// Polls `condition` every 50 ms for up to 10 s.
    private func waitUntil(_ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw EndToEndError("the condition was not met within 10 s")
    }
}

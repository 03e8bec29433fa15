import Foundation
import PlugboardCore
import PlugboardTestSupport
import Synchronization
import Testing

extension EndToEndTests {
    /// Two replicas on one PostgreSQL database behind nginx, writers creating credentials through nginx without a
    /// pause, and 100 cycles of `kill -9` and restart of one replica: every write that was answered 201 is there
    /// afterwards, read through the other replica, and its secret opens.
    @Test("Replicas: 100 kill -9 and restart cycles of one replica under writes lose no acknowledged write")
    func aCrashLoopLosesNoAcknowledgedWrite() async throws {
        let environment = try SharedStore.environment()
        try await withUpstreamServer { upstream in
            try await ServerProcess.with(name: "loop-steady", environment: environment) { steady in
                try await ServerProcess.with(name: "loop-crashing", environment: environment) { crashing in
                    let balancer = try await NginxBalancer(upstreams: [steady.port, crashing.port])
                    do {
                        let acknowledged = try await Self.writeThroughCrashes(balancer, crashing, environment: environment, cycles: 100)
                        print("crash loop: \(acknowledged.count) credentials acknowledged across 100 kill -9 cycles")
                        #expect(acknowledged.count >= 100, "too few writes were acknowledged to prove anything")
                        try await Self.verify(acknowledged, on: steady, upstream: upstream)
                    } catch {
                        await balancer.stop()
                        throw error
                    }
                    await balancer.stop()
                }
            }
        }
    }

    /// Writes credentials through the balancer until `cycles` kills and restarts of `crashing` are done; returns the
    /// ones answered 201, with their ids and tokens.
    private static func writeThroughCrashes(
        _ balancer: NginxBalancer, _ crashing: ServerProcess, environment: [String: String], cycles: Int
    ) async throws -> [String: (id: String, token: String)] {
        let api = balancer.api()
        _ = try api.expectSuccess(try await api.post("/api/v1/applications", ["name": "loop"]), "create the application")
        let writes = CrashLoopWrites()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for writer in 0..<2 {
                group.addTask {
                    var index = 0
                    while !writes.done.load(ordering: .relaxed) {
                        index += 1
                        let name = "w\(writer)-\(index)", token = "loop-token-\(UUID().uuidString)"
                        let answer = try? await api.send(
                            .POST, "/api/v1/applications/loop/credentials",
                            body: ["name": .string(name), "kind": "bearer_token", "fields": ["token": .string(token)]], timeout: .seconds(30))
                        if let answer, answer.status == 201, let id = answer.json["id"]?.stringValue {
                            writes.acknowledged.withLock { $0[name] = (id, token) }
                        }
                    }
                }
            }
            for _ in 0..<cycles {
                try await Task.sleep(for: .milliseconds(100))
                await crashing.kill9()
                try await crashing.start(environment: environment, samePort: true)
            }
            writes.done.store(true, ordering: .relaxed)
            try await group.waitForAll()
        }
        return writes.acknowledged.withLock { $0 }
    }

    /// Every acknowledged credential is there through the replica that never crashed; the last few decrypt and work.
    private static func verify(_ acknowledged: [String: (id: String, token: String)], on server: ServerProcess, upstream: UpstreamServer) async throws {
        let api = server.api()
        var missing: [String] = []
        for (name, entry) in acknowledged where try await api.get("/api/v1/applications/loop/credentials/\(entry.id)").status != 200 {
            missing.append(name)
        }
        #expect(missing.isEmpty, "acknowledged credentials missing after the crash loop: \(missing.prefix(5))")
        let baseKey = try await RESTConnectorType.baseURLOption(api)
        for (name, entry) in acknowledged.sorted(by: { $0.key < $1.key }).suffix(5) {
            _ = try api.expectSuccess(
                try await api.post(
                    "/api/v1/applications/loop/connectors",
                    ["type": .string(RESTConnectorType.id), "name": .string("check-\(name)"), "options": [.init(baseKey): .string(upstream.baseURL)],
                     "credentialId": .string(entry.id)]),
                "a connector for \(name)")
            let input = RESTConnectorType.get("/auth/bearer/\(entry.token)").jsonString()
            let ran = try await server.cli().run(["run", "-a", "loop", "check-\(name)", "request", "--input", input])
            #expect((try? ran.json()["status"]?.integerValue) == 200, "\(name)'s secret opens after the crash loop: \(ran)")
        }
    }
}

/// What the crash loop's writers share: the credentials answered 201 by name, and whether the loop is over.
private final class CrashLoopWrites: Sendable {
    let acknowledged = Mutex<[String: (id: String, token: String)]>([:])
    let done = Atomic<Bool>(false)
}

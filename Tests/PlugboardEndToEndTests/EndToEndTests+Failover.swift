import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension EndToEndTests {
    /// Two replicas on one PostgreSQL database and a schedule firing every second. Each replica in turn is killed with
    /// `kill -9` (so one of the kills hits the lease holder) and started again: the schedule keeps firing from the
    /// survivor once the lease lapses, and no tick is doubled (no two ticks closer than the interval).
    @Test("Replicas: a schedule fires on from the survivor when its lease holder is killed, no tick doubled")
    func aScheduleSurvivesItsReplica() async throws {
        let environment = try SharedStore.environment(leaseSeconds: 3)
        try await withUpstreamServer { upstream in
            try await ServerProcess.with(name: "failover-a", environment: environment) { a in
                try await ServerProcess.with(name: "failover-b", environment: environment) { b in
                    let api = a.api()
                    let baseKey = try await RESTConnectorType.baseURLOption(api)
                    _ = try api.expectSuccess(try await api.post("/api/v1/applications", ["name": "ticks"]), "create the application")
                    _ = try api.expectSuccess(try await api.post("/api/v1/applications/ticks/connectors", [
                        "type": .string(RESTConnectorType.id), "name": "upstream", "options": [.init(baseKey): .string(upstream.baseURL)],
                    ]), "create the connector")
                    let definition: JSONValue = [
                        "name": "tick", "steps": [["name": "fetch", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/json"]]],
                    ]
                    let created = try await a.cli().run(["workflows", "create", "-a", "ticks", "--definition", definition.jsonString()])
                    #expect(created.status == 0, "\(created)")
                    let trigger = try await a.cli().run(["triggers", "create", "-a", "ticks", "every-second", "--every", "1", "--workflow", "tick"])
                    #expect(trigger.status == 0, "\(trigger)")

                    var ticks = try await Self.scheduledTicks(b)
                    #expect(try await eventually { ticks = try await Self.scheduledTicks(b); return ticks.count >= 3 }, "the schedule fires")
                    for (victim, survivor) in [(a, b), (b, a)] {
                        let before = ticks.count
                        await victim.kill9()
                        #expect(
                            try await eventually { ticks = try await Self.scheduledTicks(survivor); return ticks.count >= before + 3 },
                            "the schedule fires on with one replica left: \(ticks.count) ticks, \(before) before the kill")
                        try await victim.start(environment: environment)
                    }
                    let gaps = zip(ticks.dropFirst(), ticks).map { $0.timeIntervalSince($1) }
                    #expect(gaps.allSatisfy { $0 >= 0.9 }, "no tick was doubled: gaps \(gaps.map { String(format: "%.2f", $0) })")
                }
            }
        }
    }

    /// When each tick of the `every-second` schedule was due, in order, from the runs it started.
    private static func scheduledTicks(_ server: ServerProcess) async throws -> [Date] {
        let runs = try await server.api().get("/api/v1/applications/ticks/workflows/tick/runs?limit=500").json["items"]?.arrayValue ?? []
        return runs.compactMap { $0["input"]?["scheduledAt"]?.stringValue.flatMap(ISO8601.date(from:)) }.sorted()
    }
}

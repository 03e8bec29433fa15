import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The kafka `records` trigger against Tansu: a consumer-group member whose records kafka-python publishes, which
/// commits only what is stored, and which shares the partitions with a kafka-python member while it is there.
@Suite struct KafkaTriggerTests {
    /// The trigger's stored events' payloads.
    static func events(_ api: APIClient, _ trigger: String) async throws -> [JSONValue] {
        let page = try await api.call(.get, "/api/v1/applications/queues/triggers/\(trigger)/events?limit=200")
        return page.json["items"]?.arrayValue?.compactMap { $0["payload"] } ?? []
    }

    static func subscribe(_ api: APIClient, _ trigger: String, _ options: JSONObject, workflow: String) async throws {
        let created = try await api.call(.post, "/api/v1/applications/queues/triggers", [
            "name": .string(trigger), "source": "records", "connector": "bus", "options": .object(options), "target": ["workflow": .string(workflow)],
        ])
        #expect(created.status == .created, "\(created.text)")
        let subscribed = try await eventually(timeout: .seconds(120)) {
            try await api.call(.get, "/api/v1/applications/queues/triggers/\(trigger)").json["state"] == "subscribed"
        }
        let state = try await api.call(.get, "/api/v1/applications/queues/triggers/\(trigger)").text
        #expect(subscribed, "\(state)")
    }

    /// Records kafka-python wrote before and after the trigger started each start a workflow once (it publishes them
    /// on to another topic), and the group's committed offsets, as kafka-python reads them, reach the end.
    @Test func eachRecordStartsTheWorkflowOnceAndIsCommitted() async throws {
        let topic = KafkaNodeTests.topic()
        let out = topic + "-out"
        let group = "plugboard-\(topic)"
        try await APIFixture().run(runners: true) { api in
            try await api.makeApplication("queues")
            try await KafkaNodeTests.connector(api, options: ["allowAdmin": true])
            #expect(try await api.run("queues", "bus", "create_topic", ["topic": .string(topic), "partitions": 2]).status == .ok)
            #expect(try await api.run("queues", "bus", "create_topic", ["topic": .string(out), "partitions": 1]).status == .ok)
            #expect(try await KafkaClientTests.kafkaPython("produce", topic, ["early", "3", "2"]) == ["done"])
            try await api.expectOK(.post, "/api/v1/applications/queues/workflows", [
                "name": "forward", "steps": [["name": "send", "connector": "bus", "action": "publish",
                                              "input": ["topic": .string(out), "records": [["value": "{{ input.value }}"]]]]],
            ])
            try await Self.subscribe(api, "orders", ["topics": [.string(topic)], "group": .string(group), "start": "earliest"], workflow: "forward")
            #expect(try await KafkaClientTests.kafkaPython("produce", topic, ["late", "5", "2"]) == ["done"])

            let expected = Set((0..<3).map { "early-\($0)" } + (0..<5).map { "late-\($0)" })
            #expect(try await eventually(timeout: .seconds(90)) { try await Self.events(api, "orders").count >= 8 })
            let events = try await Self.events(api, "orders")
            #expect(events.count == 8 && Set(events.compactMap { $0["value"]?.stringValue }) == expected, "each record once: \(events)")
            let first = try #require(events.first { $0["value"] == "late-1" })
            #expect(first["topic"] == .string(topic) && first["partition"] == 1 && first["headers"]?["n"] == "1", "\(first)")
            // p0 holds early-0, early-2, late-0, late-2, late-4; p1 early-1, late-1, late-3.
            #expect(try await eventually(timeout: .seconds(60)) {
                let first = try await KafkaClientTests.kafkaPython("committed", topic, [group, "0"])
                let second = try await KafkaClientTests.kafkaPython("committed", topic, [group, "1"])
                return first == ["5"] && second == ["3"]
            }, "the group's offsets reach the end once the events are stored")
            #expect(try await eventually(timeout: .seconds(90)) {
                try await api.call(.get, "/api/v1/applications/queues/runs?limit=50").json["items"]?.arrayValue?.count == 8
            })
            let forwarded = try await KafkaClientTests.kafkaPython("read", out, ["8"]).compactMap { line in
                (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["value"] as? String
            }
            #expect(Set(forwarded.compactMap { Data(base64Encoded: $0).map { String(decoding: $0, as: UTF8.self) } }) == expected)
        }
    }

    /// A kafka-python member joins the trigger's group: the partitions are shared (each record goes to one of them),
    /// and when it leaves, the trigger takes its partition back from the offset it committed. The trigger starts
    /// at the latest offset: what was written before it is not delivered.
    @Test func theGroupRebalancesWhenAnotherMemberJoinsAndLeaves() async throws {
        let topic = KafkaNodeTests.topic()
        let group = "plugboard-\(topic)"
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kafka-member-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let stop = folder.appendingPathComponent("stop")
        let output = folder.appendingPathComponent("member.out")
        try await APIFixture().run(runners: true) { api in
            try await api.makeApplication("queues")
            try await KafkaNodeTests.connector(api, options: ["allowAdmin": true])
            #expect(try await api.run("queues", "bus", "create_topic", ["topic": .string(topic), "partitions": 2]).status == .ok)
            #expect(try await KafkaClientTests.kafkaPython("produce", topic, ["before", "2", "2"]) == ["done"])
            try await api.expectOK(.post, "/api/v1/applications/queues/workflows", [
                "name": "look", "steps": [["name": "topics", "connector": "bus", "action": "list_topics"]],
            ])
            try await Self.subscribe(api, "shared", ["topics": [.string(topic)], "group": .string(group)], workflow: "look")
            #expect(try await KafkaClientTests.kafkaPython("produce", topic, ["alone", "4", "2"]) == ["done"])
            #expect(try await eventually(timeout: .seconds(90)) { try await Self.events(api, "shared").count >= 4 })

            let member = try KafkaClientTests.startMember(topic, group: group, stopFile: stop.path, output: output)
            defer { member.signal(SIGKILL) }
            func lines() -> [JSONValue] {
                ((try? String(contentsOf: output, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { try? JSONParser.parse(Array($0.utf8)) }
            }
            #expect(try await eventually(timeout: .seconds(120)) {
                lines().contains { $0["assigned"]?.arrayValue?.count == 1 }
            }, "kafka-python gets one of the two partitions: \(lines())")
            let theirs = try #require(lines().last { $0["assigned"] != nil }?["assigned"]?.arrayValue?.first?.integerValue)
            #expect(try await KafkaClientTests.kafkaPython("produce", topic, ["shared", "6", "2"]) == ["done"])
            let shared = (0..<6).map { "shared-\($0)" }
            let ours = Set(shared.enumerated().filter { Int64($0.offset % 2) != theirs }.map(\.element))
            #expect(try await eventually(timeout: .seconds(90)) {
                let delivered = Set(try await Self.events(api, "shared").compactMap { $0["value"]?.stringValue })
                return ours.isSubset(of: delivered)
            }, "the trigger reads its partition")
            #expect(try await eventually(timeout: .seconds(90)) {
                Set(lines().compactMap { $0["value"]?.stringValue }).isSuperset(of: Set(shared).subtracting(ours))
            }, "kafka-python reads the other: \(lines())")

            try Data().write(to: stop)
            #expect(await member.exitStatus(within: .seconds(60)) == 0, "kafka-python left the group: \(lines())")
            #expect(try await KafkaClientTests.kafkaPython("produce", topic, ["after", "4", "2"]) == ["done"])
            let after = Set((0..<4).map { "after-\($0)" })
            #expect(try await eventually(timeout: .seconds(120)) {
                after.isSubset(of: Set(try await Self.events(api, "shared").compactMap { $0["value"]?.stringValue }))
            }, "the trigger has both partitions again")
            let delivered = try await Self.events(api, "shared").compactMap { $0["value"]?.stringValue }
            #expect(delivered.count == Set(delivered).count, "no record twice: \(delivered)")
            #expect(!delivered.contains { $0.hasPrefix("before-") }, "the latest offset was the start")
            #expect(Set(delivered).isDisjoint(with: Set(shared).subtracting(ours)), "what kafka-python committed is not read again")
        }
    }
}

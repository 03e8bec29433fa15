import Foundation
import NIOCore
import PlugboardCore
import PlugboardNetwork
import PlugboardTestSupport
import Testing

@testable import ConnectorsQueues

/// Plugboard's Kafka client against Tansu (started by scripts/services/kafka.sh), with kafka-python as the
/// independent client: versions, topics, metadata, and records that kafka-python reads back byte for byte.
@Suite struct KafkaClientTests {
    static func bootstrap() throws -> (host: String, port: Int) {
        let value = try #require(
            ProcessInfo.processInfo.environment["PLUGBOARD_TEST_KAFKA_BOOTSTRAP"],
            "PLUGBOARD_TEST_KAFKA_BOOTSTRAP is not set: run the tests with scripts/test.sh, which starts Tansu.")
        let parts = value.split(separator: ":")
        return (String(parts[0]), try #require(Int(parts[1])))
    }

    static func connect() async throws -> KafkaConnection {
        let (host, port) = try bootstrap()
        return try await KafkaConnection.connect(
            host: host, port: port, clientID: "plugboard-tests", timeout: .seconds(10),
            network: GuardedNetwork(policy: EgressPolicy(allowed: EgressPolicy.loopback)))
    }

    @Test func versionsTopicsAndMetadata() async throws {
        let connection = try await Self.connect()
        defer { Task { await connection.close() } }
        let versions = try await connection.send(ApiVersionsRequest())
        #expect(versions.errorCode == .none)
        for (key, version) in [(KafkaAPIKey.produce, ProduceRequest.version), (.metadata, MetadataRequest.version), (.createTopics, CreateTopicsRequest.version)] {
            #expect(versions.versions[key.rawValue]?.contains(version) == true, "\(key) v\(version): \(versions.versions)")
        }

        let topic = "plugboard-\(UUID().uuidString.prefix(8).lowercased())"
        let created = try await connection.send(CreateTopicsRequest(topics: [.init(name: topic, partitions: 3)], timeoutMilliseconds: 10_000))
        #expect(created.map(\.errorCode) == [.none], "\(created)")
        let again = try await connection.send(CreateTopicsRequest(topics: [.init(name: topic, partitions: 3)], timeoutMilliseconds: 10_000))
        #expect(again.map(\.errorCode) == [.topicAlreadyExists])

        let metadata = try await connection.send(MetadataRequest(topics: [topic]))
        let (host, port) = try Self.bootstrap()
        let broker = try #require(metadata.brokers.first)
        #expect(broker.host == host && Int(broker.port) == port, "the broker advertises the bootstrap address: \(metadata.brokers)")
        let described = try #require(metadata.topics.first { $0.name == topic })
        #expect(described.errorCode == .none && described.partitions.map(\.index) == [0, 1, 2])
        #expect(described.partitions.allSatisfy { $0.leader == broker.nodeID })
    }

    @Test func producedRecordsAreWhatKafkaPythonReads() async throws {
        let connection = try await Self.connect()
        defer { Task { await connection.close() } }
        let topic = "plugboard-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await connection.send(CreateTopicsRequest(topics: [.init(name: topic, partitions: 3)], timeoutMilliseconds: 10_000))

        // Keys go where kafka-python's default partitioner (murmur2, as Java's) puts them.
        let keys = ["order-1", "order-2", "customer-42", "k", "ünïcode"]
        _ = try await connection.send(CreateTopicsRequest(topics: [.init(name: "\(topic)-placement", partitions: 3)], timeoutMilliseconds: 10_000))
        let placed = try await Self.kafkaPython("place", "\(topic)-placement", keys)
        #expect(placed.map { Int($0) } == keys.map { Murmur2.partition(for: Array($0.utf8), count: 3) }, "\(placed)")

        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var byPartition: [Int32: [KafkaRecord]] = [:]
        for (index, key) in keys.enumerated() {
            let partition = Int32(try #require(Murmur2.partition(for: Array(key.utf8), count: 3)))
            byPartition[partition, default: []].append(KafkaRecord(
                key: Array(key.utf8), value: Array("{\"n\":\(index)}".utf8), headers: [KafkaHeader("source", Array("plugboard".utf8)), KafkaHeader("empty", nil)],
                timestamp: now + Int64(index)))
        }
        let request = try ProduceRequest(
            acks: -1, timeoutMilliseconds: 10_000,
            data: byPartition.map { ProduceRequest.PartitionData(topic: topic, partition: $0.key, batch: KafkaRecordBatch(records: $0.value)) })
        let responses = try await connection.send(request)
        #expect(responses.count == byPartition.count && responses.allSatisfy { $0.errorCode == .none && $0.baseOffset == 0 }, "\(responses)")

        let read = try await Self.kafkaPython("read", topic, [String(keys.count)]).map { line in
            try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
        }
        #expect(read.count == keys.count)
        for (index, key) in keys.enumerated() {
            let record = try #require(read.first { ($0["key"] as? String) == Data(key.utf8).base64EncodedString() }, "\(key) in \(read)")
            #expect(record["value"] as? String == Data("{\"n\":\(index)}".utf8).base64EncodedString())
            #expect(record["partition"] as? Int == Murmur2.partition(for: Array(key.utf8), count: 3))
            let headers = record["headers"] as? [[Any]] ?? []
            #expect(headers.count == 2 && headers[0][0] as? String == "source" && headers[0][1] as? String == Data("plugboard".utf8).base64EncodedString())
            #expect(headers.count == 2 && headers[1][0] as? String == "empty" && headers[1][1] is NSNull)
        }
    }

    /// One member's whole life in a group on the coordinator: join (leading, so it assigns with the range
    /// assignor), sync, heartbeat, commit, read the commit back (kafka-python reads it too), leave.
    @Test func aMemberJoinsSyncsCommitsAndLeaves() async throws {
        let connection = try await Self.connect()
        defer { Task { await connection.close() } }
        let topic = "plugboard-\(UUID().uuidString.prefix(8).lowercased())"
        let group = "group-\(topic)"
        _ = try await connection.send(CreateTopicsRequest(topics: [.init(name: topic, partitions: 2)], timeoutMilliseconds: 10_000))
        let coordinator = try await connection.send(FindCoordinatorRequest(group: group))
        #expect(coordinator.errorCode == .none, "\(coordinator)")
        let (host, port) = try Self.bootstrap()
        #expect(coordinator.host == host && Int(coordinator.port) == port)

        let protocols = [(name: PartitionAssignor.range.rawValue, metadata: ConsumerProtocol.subscription(topics: [topic]))]
        var joined = try await connection.send(JoinGroupRequest(
            group: group, sessionTimeoutMilliseconds: 30_000, rebalanceTimeoutMilliseconds: 30_000, memberID: "", protocols: protocols))
        if joined.errorCode == KafkaErrorCode(79) {
            // MEMBER_ID_REQUIRED (KIP-394, which Tansu applies at every version): join again with the id it gave.
            joined = try await connection.send(JoinGroupRequest(
                group: group, sessionTimeoutMilliseconds: 30_000, rebalanceTimeoutMilliseconds: 30_000, memberID: joined.memberID, protocols: protocols))
        }
        #expect(joined.errorCode == .none && joined.leader == joined.memberID && joined.protocolName == "range", "\(joined)")
        let subscriptions = try joined.members.mapValues { try ConsumerProtocol.readSubscription($0) }
        #expect(subscriptions == [joined.memberID: [topic]])
        let plan = PartitionAssignor.range.assign(subscriptions: subscriptions, partitionCounts: [topic: 2])
        let synced = try await connection.send(SyncGroupRequest(
            group: group, generation: joined.generation, memberID: joined.memberID, assignments: plan.mapValues { ConsumerProtocol.assignment($0) }))
        #expect(synced.errorCode == .none)
        #expect(try ConsumerProtocol.readAssignment(synced.assignment) == [topic: [0, 1]])
        #expect(try await connection.send(HeartbeatRequest(group: group, generation: joined.generation, memberID: joined.memberID)) == .none)

        let committed = try await connection.send(OffsetCommitRequest(
            group: group, generation: joined.generation, memberID: joined.memberID, offsets: [(topic, 0, 3), (topic, 1, 0)]))
        #expect(committed.allSatisfy { $0.errorCode == .none }, "\(committed)")
        let fetched = try await connection.send(OffsetFetchRequest(group: group, partitions: [(topic, 0), (topic, 1)]))
        #expect(fetched.sorted { $0.partition < $1.partition }.map(\.offset) == [3, 0], "\(fetched)")
        #expect(try await connection.send(LeaveGroupRequest(group: group, memberID: joined.memberID)) == .none)
        #expect(try await Self.kafkaPython("committed", topic, [group, "0"]) == ["3"], "kafka-python reads the same commit")
    }

    /// A broker that accepts and never answers: the call's deadline (task cancellation) ends the wait.
    @Test(.timeLimit(.minutes(1))) func aSilentBrokerDoesNotHoldACallPastItsDeadline() async throws {
        let silent = SilentServer()
        try await silent.start()
        let connection = try await KafkaConnection.connect(
            host: "127.0.0.1", port: silent.port, clientID: "plugboard-tests", timeout: .seconds(10),
            network: GuardedNetwork(policy: EgressPolicy(allowed: EgressPolicy.loopback)))
        let waiting = Task { try await connection.send(ApiVersionsRequest()) }
        try await Task.sleep(for: .milliseconds(200))
        waiting.cancel()
        let result = await waiting.result
        #expect(throws: CancellationError.self) { try result.get() }
        await connection.close()
        await silent.stop()
    }

    static var pythonScript: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/kafka_check.py").path
    }

    /// Starts kafka_check.py's `member`: a kafka-python consumer in `group` until `stopFile` exists, its lines in `output`.
    static func startMember(_ topic: String, group: String, stopFile: String, output: URL) throws -> Subprocess {
        let (host, port) = try bootstrap()
        try Data().write(to: output)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        return try Subprocess.run(
            "/usr/bin/env", ["python3", pythonScript, "\(host):\(port)", "member", topic, group, stopFile], output: .file(handle), error: .file(handle))
    }

    /// Runs Tests/KafkaNodeTests/Python/kafka_check.py and returns its output lines.
    static func kafkaPython(_ command: String, _ topic: String, _ arguments: [String]) async throws -> [String] {
        let (host, port) = try bootstrap()
        let result = try await Subprocess.capture("/usr/bin/env", ["python3", pythonScript, "\(host):\(port)", command, topic] + arguments)
        guard result.status == 0 else {
            throw TestServerError("kafka-python \(command) failed: \(result.errorText.suffix(800))")
        }
        return String(decoding: result.output, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

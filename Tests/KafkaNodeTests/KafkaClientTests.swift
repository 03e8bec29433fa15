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
        let placed = try Self.kafkaPython("place", "\(topic)-placement", keys)
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

        let read = try Self.kafkaPython("read", topic, [String(keys.count)]).map { line in
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

    /// Runs Tests/KafkaNodeTests/Python/kafka_check.py and returns its output lines.
    static func kafkaPython(_ command: String, _ topic: String, _ arguments: [String]) throws -> [String] {
        let (host, port) = try bootstrap()
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/kafka_check.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "\(host):\(port)", command, topic] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let failure = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TestServerError("kafka-python \(command) failed: \(String(decoding: failure, as: UTF8.self).suffix(800))")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

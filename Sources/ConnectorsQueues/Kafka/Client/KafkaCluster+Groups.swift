import PlugboardCore

/// A topic partition, as a consumer tracks its position.
public struct KafkaTopicPartition: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32

    public init(_ topic: String, _ partition: Int32) {
        self.topic = topic
        self.partition = partition
    }

    public var description: String { "\(topic)[\(partition)]" }
}

extension KafkaCluster {
    /// The connection to the broker that coordinates `group` (FindCoordinator on any broker, then dialled through
    /// the egress guard like every broker); a coordinator still starting up is asked again with back-off.
    func coordinator(for group: String, timeout: Duration) async throws -> KafkaConnection {
        var delay = Duration.milliseconds(200)
        var attempts = 1
        while true {
            let found = try await anyConnection().send(FindCoordinatorRequest(group: group), timeout: timeout)
            if found.errorCode == .none { return try await connection(to: Endpoint(host: found.host, port: Int(found.port))) }
            guard KafkaFailure.isRetriable(found.errorCode), attempts < 6 else {
                throw KafkaFailure.error(found.errorCode, doing: "find the coordinator of the consumer group '\(group)'")
            }
            try await Task.sleep(for: delay)
            delay *= 2
            attempts += 1
        }
    }

    /// Each topic's partition count from fresh metadata; a topic that does not exist is left out.
    func partitionCounts(_ names: [String]) async throws -> [String: Int] {
        let response = try await refresh(names)
        return Dictionary(
            response.topics.filter { $0.errorCode == .none && !$0.partitions.isEmpty }.map { ($0.name, $0.partitions.count) },
            uniquingKeysWith: { first, _ in first })
    }

    /// The offset a reader without a committed one starts at: the first record (earliest), the next one to be
    /// written (latest), or the first at or after a time.
    func position(_ partition: KafkaTopicPartition, start: KafkaStart) async throws -> Int64 {
        try await read(partition.topic, partition: partition.partition, from: start, maxRecords: 0, maxBytes: 1 << 20).highWatermark
    }

    /// One Fetch to each leader of `positions`' partitions at once, each waiting up to `maxWait` for a record.
    /// Partitions whose leader the metadata does not know are answered with LEADER_NOT_AVAILABLE, for the caller to
    /// refresh the metadata.
    func fetch(
        _ positions: [KafkaTopicPartition: Int64], maxWait: Duration, maxBytes: Int32, timeout: Duration
    ) async throws -> [FetchRequest.PartitionResponse] {
        var byLeader: [Int32: [(topic: String, partition: Int32, offset: Int64, maxBytes: Int32)]] = [:]
        var unled: [FetchRequest.PartitionResponse] = []
        for (place, offset) in positions {
            let leader = try await topic(place.topic).partitions.first { $0.index == place.partition }?.leader
            guard let leader, leader >= 0 else {
                unled.append(.init(topic: place.topic, partition: place.partition, errorCode: .leaderNotAvailable, highWatermark: offset, batches: []))
                continue
            }
            byLeader[leader, default: []].append((place.topic, place.partition, offset, maxBytes))
        }
        var connections: [(KafkaConnection, [(topic: String, partition: Int32, offset: Int64, maxBytes: Int32)])] = []
        for (leader, partitions) in byLeader { connections.append((try await connection(toNode: leader), partitions)) }
        let wait = Int32(clamping: Int64(maxWait.milliseconds))
        return try await withThrowingTaskGroup(of: [FetchRequest.PartitionResponse].self) { group in
            for (connection, partitions) in connections {
                group.addTask {
                    try await connection.send(
                        FetchRequest(maxWaitMilliseconds: wait, minBytes: 1, maxBytes: maxBytes, partitions: partitions), timeout: timeout + maxWait)
                }
            }
            return try await group.reduce(into: unled) { $0 += $1 }
        }
    }
}

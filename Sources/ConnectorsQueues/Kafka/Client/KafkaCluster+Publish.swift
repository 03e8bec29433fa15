import PlugboardCore

/// A record to publish, and the partition it must go to (nil: by its key, as Kafka's default partitioner does).
public struct KafkaOutgoing: Sendable {
    public var record: KafkaRecord
    public var partition: Int32?

    public init(record: KafkaRecord, partition: Int32? = nil) {
        self.record = record
        self.partition = partition
    }
}

/// Where a published record landed; the offset is -1 with acks 0, when the broker does not answer.
public struct KafkaDelivery: Sendable, Hashable {
    public var partition: Int32
    public var offset: Int64
}

extension KafkaCluster {
    /// Publishes `records` to `topic`, one request per leader with one batch per partition, and returns where each
    /// record landed, in order. A partition whose leader moved (or a topic the metadata did not know) is retried
    /// after fresh metadata, up to `retries` times with back-off; records already acknowledged are not sent again.
    public func publish(
        _ topic: String, _ records: [KafkaOutgoing], acks: Int16, compression: KafkaRecordBatch.Compression = .none, timeout: Duration, retries: Int
    ) async throws -> [KafkaDelivery] {
        var results = [KafkaDelivery?](repeating: nil, count: records.count)
        var pending = Array(records.indices)
        // Records without a key go together to one partition chosen for this call (as Java's sticky partitioner).
        var keyless: Int32?
        var attempt = 0
        while true {
            let described = try await self.topic(topic, fresh: attempt > 0)
            let partitions = described.partitions
            var byPartition: [Int32: [Int]] = [:]
            for index in pending {
                let partition: Int32
                if let chosen = records[index].partition {
                    guard partitions.contains(where: { $0.index == chosen }) else {
                        throw ConnectorError.invalidInput("The topic '\(topic)' has no partition \(chosen) (it has \(partitions.count)).", field: "records")
                    }
                    partition = chosen
                } else if let key = records[index].record.key, let placed = Murmur2.partition(for: key, count: partitions.count) {
                    partition = Int32(placed)
                } else {
                    keyless = keyless ?? Int32.random(in: 0..<Int32(max(partitions.count, 1)))
                    partition = keyless ?? 0
                }
                byPartition[partition, default: []].append(index)
            }
            var retry: [Int] = []
            var lastError: ConnectorError?
            let byLeader = Dictionary(grouping: byPartition, by: { entry in partitions.first { $0.index == entry.key }?.leader ?? -1 })
            for (leader, parts) in byLeader {
                let indices = parts.flatMap(\.value)
                guard leader >= 0 else {
                    retry += indices
                    lastError = KafkaFailure.error(.leaderNotAvailable, doing: "publish to '\(topic)'")
                    continue
                }
                do {
                    let request = try ProduceRequest(
                        acks: acks, timeoutMilliseconds: Int32(clamping: Int64(timeout.milliseconds)),
                        data: parts.map { partition, members in
                            var batch = KafkaRecordBatch(records: members.map { records[$0].record })
                            batch.compression = compression
                            return ProduceRequest.PartitionData(topic: topic, partition: partition, batch: batch)
                        })
                    let responses = try await connection(toNode: leader).send(request)
                    for (partition, members) in parts {
                        guard acks != 0 else {
                            for index in members { results[index] = KafkaDelivery(partition: partition, offset: -1) }
                            continue
                        }
                        guard let response = responses.first(where: { $0.topic == topic && $0.partition == partition }) else {
                            retry += members
                            continue
                        }
                        if response.errorCode == .none {
                            for (position, index) in members.enumerated() {
                                results[index] = KafkaDelivery(partition: partition, offset: response.baseOffset + Int64(position))
                            }
                        } else if KafkaFailure.isRetriable(response.errorCode) {
                            retry += members
                            lastError = KafkaFailure.error(response.errorCode, doing: "publish to '\(topic)' partition \(partition)")
                        } else {
                            throw KafkaFailure.error(response.errorCode, doing: "publish to '\(topic)' partition \(partition)")
                        }
                    }
                } catch let error as KafkaWireError {
                    throw ConnectorError.invalidInput("The records cannot be written: \(error).", field: "records")
                } catch let error as ConnectorError where error.retryable {
                    retry += indices
                    lastError = error
                }
            }
            if retry.isEmpty { return results.compactMap { $0 } }
            attempt += 1
            guard attempt <= retries else {
                throw lastError ?? ConnectorError(.upstreamError, message: "Kafka did not acknowledge the records for '\(topic)'.", retryable: true)
            }
            try await Task.sleep(for: .milliseconds(100 << min(attempt, 5)))
            pending = retry.sorted()
        }
    }
}

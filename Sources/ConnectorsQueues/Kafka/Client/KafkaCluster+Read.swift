import PlugboardCore

/// Where reading a partition starts.
public enum KafkaStart: Sendable, Hashable {
    case offset(Int64)
    /// The first record at or after this time (milliseconds since 1970).
    case timestamp(Int64)
    case earliest
    case latest
}

extension KafkaCluster {
    /// Up to `maxRecords` records of one partition from `start`, and the partition's high watermark (the offset the
    /// next record will get). Reading stops at the high watermark: it never waits for records not yet written.
    public func read(
        _ topic: String, partition: Int32, from start: KafkaStart, maxRecords: Int, maxBytes: Int32
    ) async throws -> (records: [KafkaRecord], highWatermark: Int64) {
        let described = try await self.topic(topic)
        guard let leader = described.partitions.first(where: { $0.index == partition })?.leader else {
            throw ConnectorError.invalidInput("The topic '\(topic)' has no partition \(partition) (it has \(described.partitions.count)).", field: "partition")
        }
        let connection = try await connection(toNode: leader)
        let timestamp: Int64
        switch start {
        case .offset(let value): return try await fetch(topic, partition: partition, from: value, maxRecords: maxRecords, maxBytes: maxBytes, on: connection)
        case .timestamp(let time): timestamp = time
        case .earliest: timestamp = ListOffsetsRequest.earliest
        case .latest: timestamp = ListOffsetsRequest.latest
        }
        let listed = try await connection.send(ListOffsetsRequest(partitions: [(topic, partition, timestamp)]))
        guard let found = listed.first(where: { $0.topic == topic && $0.partition == partition }) else {
            throw ConnectorError(.upstreamError, message: "Kafka did not answer for '\(topic)' partition \(partition).", retryable: true)
        }
        guard found.errorCode == .none else { throw KafkaFailure.error(found.errorCode, doing: "find the offset to read '\(topic)' from") }
        guard found.offset >= 0 else {
            // Nothing at or after that time: no records yet, and the high watermark says where they would start.
            let latest = try await connection.send(ListOffsetsRequest(partitions: [(topic, partition, ListOffsetsRequest.latest)]))
            return ([], latest.first?.offset ?? 0)
        }
        guard start != .latest else {
            // From the end there is nothing to read yet; the answer is where the next record will be. The fetch's
            // high watermark is the broker's own word for it (Tansu's ListOffsets answers one batch short of it).
            let probe = try await fetch(topic, partition: partition, from: found.offset, maxRecords: 1, maxBytes: maxBytes, on: connection)
            return ([], max(found.offset, probe.highWatermark))
        }
        return try await fetch(topic, partition: partition, from: found.offset, maxRecords: maxRecords, maxBytes: maxBytes, on: connection)
    }

    private func fetch(
        _ topic: String, partition: Int32, from start: Int64, maxRecords: Int, maxBytes: Int32, on connection: KafkaConnection
    ) async throws -> (records: [KafkaRecord], highWatermark: Int64) {
        var records: [KafkaRecord] = []
        var offset = start
        var highWatermark = start
        while records.count < maxRecords {
            // At least one byte, waiting briefly: a broker may answer a fetch for nothing with no partitions at all
            // (Tansu does), which here means there is nothing from this offset on.
            let responses = try await connection.send(FetchRequest(
                maxWaitMilliseconds: 100, minBytes: 1, maxBytes: maxBytes, partitions: [(topic, partition, offset, maxBytes)]))
            guard let response = responses.first(where: { $0.topic == topic && $0.partition == partition }) else { break }
            if response.errorCode.rawValue == 1 {
                throw ConnectorError.invalidInput(
                    "Offset \(offset) is outside what '\(topic)' partition \(partition) holds (its next offset is \(response.highWatermark)).", field: "offset")
            }
            guard response.errorCode == .none else { throw KafkaFailure.error(response.errorCode, doing: "read '\(topic)' partition \(partition)") }
            highWatermark = response.highWatermark
            if let refusal = KafkaFailure.unreadable(response.batches, topic: topic, partition: partition) { throw refusal }
            // A batch can start before the offset asked for; its earlier records are skipped. Control batches hold none.
            let fresh = response.batches.filter { !$0.isControl }.flatMap(\.records).filter { $0.offset >= offset }
            let next = response.batches.compactMap { $0.records.last?.offset }.max().map { $0 + 1 } ?? offset
            records += fresh.prefix(maxRecords - records.count)
            guard next > offset, next < highWatermark else { break }
            offset = next
        }
        return (records, highWatermark)
    }
}

import NIOCore

/// Produce v3: record batches (message format v2) for partitions of topics, with the acknowledgement asked for.
public struct ProduceRequest: KafkaRequest {
    /// One partition's batch.
    public struct PartitionData: Sendable {
        public var topic: String
        public var partition: Int32
        public var batch: KafkaRecordBatch

        public init(topic: String, partition: Int32, batch: KafkaRecordBatch) {
            self.topic = topic
            self.partition = partition
            self.batch = batch
        }
    }

    public struct PartitionResponse: Sendable, Hashable {
        public var topic: String
        public var partition: Int32
        public var errorCode: KafkaErrorCode
        /// The offset of the batch's first record.
        public var baseOffset: Int64
        /// -1 unless the topic uses log-append time.
        public var logAppendTime: Int64
    }

    public typealias Response = [PartitionResponse]

    public static let apiKey = KafkaAPIKey.produce
    public static let version: Int16 = 3

    /// -1 (all in-sync replicas), 1 (the leader) or 0 (no answer at all).
    public var acks: Int16
    public var timeoutMilliseconds: Int32
    /// The batches, written out once when the request is made.
    private let encoded: [(topic: String, partitions: [(Int32, ByteBuffer)])]

    public init(acks: Int16, timeoutMilliseconds: Int32, data: [PartitionData]) throws(KafkaWireError) {
        self.acks = acks
        self.timeoutMilliseconds = timeoutMilliseconds
        var byTopic: [(topic: String, partitions: [(Int32, ByteBuffer)])] = []
        for item in data {
            var batch = ByteBuffer()
            try item.batch.write(into: &batch)
            if let index = byTopic.firstIndex(where: { $0.topic == item.topic }) {
                byTopic[index].partitions.append((item.partition, batch))
            } else {
                byTopic.append((item.topic, [(item.partition, batch)]))
            }
        }
        encoded = byTopic
    }

    /// With acks 0 the broker does not answer.
    public var responseWithoutReply: Response? { acks == 0 ? [] : nil }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaString(nil)  // transactional id
        buffer.writeInteger(acks)
        buffer.writeInteger(timeoutMilliseconds)
        buffer.writeKafkaArray(encoded) { topic, buffer in
            buffer.writeKafkaString(topic.topic)
            buffer.writeKafkaArray(topic.partitions) { partition, buffer in
                buffer.writeInteger(partition.0)
                var batch = partition.1
                buffer.writeInteger(Int32(batch.readableBytes))
                buffer.writeBuffer(&batch)
            }
        }
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        let topics = try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> [PartitionResponse] in
            let topic = try buffer.readKafkaRequiredString()
            return try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in
                PartitionResponse(
                    topic: topic, partition: try buffer.readKafkaInteger(), errorCode: KafkaErrorCode(try buffer.readKafkaInteger()),
                    baseOffset: try buffer.readKafkaInteger(), logAppendTime: try buffer.readKafkaInteger())
            }
        }
        let _: Int32 = try buffer.readKafkaInteger()  // throttle time
        return topics.flatMap { $0 }
    }
}

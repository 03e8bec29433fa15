import NIOCore

/// ListOffsets v1: for each partition, the first offset at or after a time, or the earliest (-2) or next (-1) offset.
public struct ListOffsetsRequest: KafkaRequest {
    public static let earliest: Int64 = -2
    public static let latest: Int64 = -1

    public struct PartitionResponse: Sendable, Hashable {
        public var topic: String
        public var partition: Int32
        public var errorCode: KafkaErrorCode
        public var timestamp: Int64
        /// -1 when no record is at or after the time asked for.
        public var offset: Int64
    }

    public typealias Response = [PartitionResponse]

    public static let apiKey = KafkaAPIKey.listOffsets
    public static let version: Int16 = 1

    /// (topic, partition, timestamp in ms or `earliest`/`latest`).
    public var partitions: [(topic: String, partition: Int32, timestamp: Int64)]

    public init(partitions: [(topic: String, partition: Int32, timestamp: Int64)]) { self.partitions = partitions }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeInteger(Int32(-1))  // replica id: a consumer
        let topics = Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }
        buffer.writeKafkaArray(topics) { topic, buffer in
            buffer.writeKafkaString(topic.key)
            buffer.writeKafkaArray(topic.value) { item, buffer in
                buffer.writeInteger(item.partition)
                buffer.writeInteger(item.timestamp)
            }
        }
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> [PartitionResponse] in
            let topic = try buffer.readKafkaRequiredString()
            return try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in
                PartitionResponse(
                    topic: topic, partition: try buffer.readKafkaInteger(), errorCode: KafkaErrorCode(try buffer.readKafkaInteger()),
                    timestamp: try buffer.readKafkaInteger(), offset: try buffer.readKafkaInteger())
            }
        }.flatMap { $0 }
    }
}

import NIOCore

/// Fetch v4: records from partitions starting at offsets, waiting up to `maxWait` for at least `minBytes`.
public struct FetchRequest: KafkaRequest {
    public struct PartitionResponse: Sendable {
        public var topic: String
        public var partition: Int32
        public var errorCode: KafkaErrorCode
        /// The offset after the last committed record.
        public var highWatermark: Int64
        /// The whole batches returned (a batch the broker cut short at the size limit is left out).
        public var batches: [KafkaRecordBatch]
    }

    public typealias Response = [PartitionResponse]

    public static let apiKey = KafkaAPIKey.fetch
    public static let version: Int16 = 4

    public var maxWaitMilliseconds: Int32
    public var minBytes: Int32
    public var maxBytes: Int32
    /// (topic, partition, offset, bytes at most for this partition).
    public var partitions: [(topic: String, partition: Int32, offset: Int64, maxBytes: Int32)]

    public init(maxWaitMilliseconds: Int32, minBytes: Int32, maxBytes: Int32, partitions: [(topic: String, partition: Int32, offset: Int64, maxBytes: Int32)]) {
        self.maxWaitMilliseconds = maxWaitMilliseconds
        self.minBytes = minBytes
        self.maxBytes = maxBytes
        self.partitions = partitions
    }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeInteger(Int32(-1))  // replica id: a consumer
        buffer.writeInteger(maxWaitMilliseconds)
        buffer.writeInteger(minBytes)
        buffer.writeInteger(maxBytes)
        buffer.writeInteger(Int8(1))  // read committed: records of aborted transactions are not returned
        let topics = Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }
        buffer.writeKafkaArray(topics) { topic, buffer in
            buffer.writeKafkaString(topic.key)
            buffer.writeKafkaArray(topic.value) { item, buffer in
                buffer.writeInteger(item.partition)
                buffer.writeInteger(item.offset)
                buffer.writeInteger(item.maxBytes)
            }
        }
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        let _: Int32 = try buffer.readKafkaInteger()  // throttle time
        return try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> [PartitionResponse] in
            let topic = try buffer.readKafkaRequiredString()
            return try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in
                let partition: Int32 = try buffer.readKafkaInteger()
                let errorCode = KafkaErrorCode(try buffer.readKafkaInteger())
                let highWatermark: Int64 = try buffer.readKafkaInteger()
                let _: Int64 = try buffer.readKafkaInteger()  // last stable offset
                _ = try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> Int64 in
                    let _: Int64 = try buffer.readKafkaInteger()
                    return try buffer.readKafkaInteger()
                }
                let length: Int32 = try buffer.readKafkaInteger()
                var batches: [KafkaRecordBatch] = []
                if length > 0 {
                    guard var records = buffer.readSlice(length: Int(length)) else { throw .truncated }
                    batches = try KafkaRecordBatch.readAll(from: &records)
                }
                return PartitionResponse(topic: topic, partition: partition, errorCode: errorCode, highWatermark: highWatermark, batches: batches)
            }
        }.flatMap { $0 }
    }
}

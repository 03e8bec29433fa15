import NIOCore

/// OffsetCommit v2: the next offset to read, per partition, for a member of a generation.
public struct OffsetCommitRequest: KafkaRequest {
    public static let apiKey = KafkaAPIKey.offsetCommit
    public static let version: Int16 = 2

    public var group: String
    public var generation: Int32
    public var memberID: String
    /// (topic, partition, offset).
    public var offsets: [(topic: String, partition: Int32, offset: Int64)]

    public init(group: String, generation: Int32, memberID: String, offsets: [(topic: String, partition: Int32, offset: Int64)]) {
        self.group = group
        self.generation = generation
        self.memberID = memberID
        self.offsets = offsets
    }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaString(group)
        buffer.writeInteger(generation)
        buffer.writeKafkaString(memberID)
        buffer.writeInteger(Int64(-1))  // retention: the broker's
        buffer.writeKafkaArray(Dictionary(grouping: offsets, by: \.topic).sorted { $0.key < $1.key }) { topic, buffer in
            buffer.writeKafkaString(topic.key)
            buffer.writeKafkaArray(topic.value) { item, buffer in
                buffer.writeInteger(item.partition)
                buffer.writeInteger(item.offset)
                buffer.writeKafkaString(nil)
            }
        }
    }

    /// Each partition's error code.
    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> [(topic: String, partition: Int32, errorCode: KafkaErrorCode)] {
        try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> [(topic: String, partition: Int32, errorCode: KafkaErrorCode)] in
            let topic = try buffer.readKafkaRequiredString()
            return try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in
                (topic: topic, partition: try buffer.readKafkaInteger(), errorCode: KafkaErrorCode(try buffer.readKafkaInteger()))
            }
        }.flatMap { $0 }
    }
}

/// OffsetFetch v1: a group's committed offsets (-1 where none is committed).
public struct OffsetFetchRequest: KafkaRequest {
    public static let apiKey = KafkaAPIKey.offsetFetch
    public static let version: Int16 = 1

    public var group: String
    public var partitions: [(topic: String, partition: Int32)]

    public init(group: String, partitions: [(topic: String, partition: Int32)]) {
        self.group = group
        self.partitions = partitions
    }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaString(group)
        buffer.writeKafkaArray(Dictionary(grouping: partitions, by: \.topic).sorted { $0.key < $1.key }) { topic, buffer in
            buffer.writeKafkaString(topic.key)
            buffer.writeKafkaArray(topic.value) { item, buffer in buffer.writeInteger(item.partition) }
        }
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> [(topic: String, partition: Int32, offset: Int64, errorCode: KafkaErrorCode)] {
        try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> [(topic: String, partition: Int32, offset: Int64, errorCode: KafkaErrorCode)] in
            let topic = try buffer.readKafkaRequiredString()
            return try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in
                let partition: Int32 = try buffer.readKafkaInteger()
                let offset: Int64 = try buffer.readKafkaInteger()
                _ = try buffer.readKafkaString()  // metadata
                return (topic: topic, partition: partition, offset: offset, errorCode: KafkaErrorCode(try buffer.readKafkaInteger()))
            }
        }.flatMap { $0 }
    }
}

import NIOCore

/// CreateTopics v0: topics with a partition count and replication factor (the broker's defaults for -1).
public struct CreateTopicsRequest: KafkaRequest {
    public struct Topic: Sendable, Hashable {
        public var name: String
        public var partitions: Int32
        public var replicationFactor: Int16

        public init(name: String, partitions: Int32, replicationFactor: Int16 = -1) {
            self.name = name
            self.partitions = partitions
            self.replicationFactor = replicationFactor
        }
    }

    public typealias Response = [(name: String, errorCode: KafkaErrorCode)]

    public static let apiKey = KafkaAPIKey.createTopics
    public static let version: Int16 = 0

    public var topics: [Topic]
    public var timeoutMilliseconds: Int32

    public init(topics: [Topic], timeoutMilliseconds: Int32) {
        self.topics = topics
        self.timeoutMilliseconds = timeoutMilliseconds
    }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaArray(topics) { topic, buffer in
            buffer.writeKafkaString(topic.name)
            buffer.writeInteger(topic.partitions)
            buffer.writeInteger(topic.replicationFactor)
            buffer.writeKafkaArray([Int32]()) { _, _ in }  // assignments
            buffer.writeKafkaArray([String]()) { _, _ in }  // configs
        }
        buffer.writeInteger(timeoutMilliseconds)
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in
            (name: try buffer.readKafkaRequiredString(), errorCode: KafkaErrorCode(try buffer.readKafkaInteger()))
        }
    }
}

import NIOCore

/// Metadata v1: the brokers, and each topic's partitions with their leaders; nil topics asks for all of them.
public struct MetadataRequest: KafkaRequest {
    public struct Broker: Sendable, Hashable {
        public var nodeID: Int32
        public var host: String
        public var port: Int32
        public var rack: String?
    }

    public struct Partition: Sendable, Hashable {
        public var errorCode: KafkaErrorCode
        public var index: Int32
        public var leader: Int32
        public var replicas: [Int32]
        public var inSyncReplicas: [Int32]
    }

    public struct Topic: Sendable, Hashable {
        public var errorCode: KafkaErrorCode
        public var name: String
        public var isInternal: Bool
        public var partitions: [Partition]
    }

    public struct Response: Sendable, Hashable {
        public var brokers: [Broker]
        public var controllerID: Int32
        public var topics: [Topic]
    }

    public static let apiKey = KafkaAPIKey.metadata
    public static let version: Int16 = 1

    public var topics: [String]?

    public init(topics: [String]?) { self.topics = topics }

    public func writeBody(into buffer: inout ByteBuffer) {
        buffer.writeKafkaArray(topics) { name, buffer in buffer.writeKafkaString(name) }
    }

    public static func readResponse(from buffer: inout ByteBuffer) throws(KafkaWireError) -> Response {
        let brokers = try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in
            Broker(nodeID: try buffer.readKafkaInteger(), host: try buffer.readKafkaRequiredString(), port: try buffer.readKafkaInteger(), rack: try buffer.readKafkaString())
        }
        let controllerID: Int32 = try buffer.readKafkaInteger()
        let topics = try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in
            let errorCode = KafkaErrorCode(try buffer.readKafkaInteger())
            let name = try buffer.readKafkaRequiredString()
            let isInternal: Int8 = try buffer.readKafkaInteger()
            let partitions = try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in
                Partition(
                    errorCode: KafkaErrorCode(try buffer.readKafkaInteger()), index: try buffer.readKafkaInteger(), leader: try buffer.readKafkaInteger(),
                    replicas: try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> Int32 in try buffer.readKafkaInteger() },
                    inSyncReplicas: try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> Int32 in try buffer.readKafkaInteger() })
            }
            return Topic(errorCode: errorCode, name: name, isInternal: isInternal != 0, partitions: partitions.sorted { $0.index < $1.index })
        }
        return Response(brokers: brokers, controllerID: controllerID, topics: topics)
    }
}

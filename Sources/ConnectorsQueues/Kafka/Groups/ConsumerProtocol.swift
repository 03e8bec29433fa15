import NIOCore

/// What a consumer-group member says when it joins (`ConsumerProtocolSubscription` v0: the topics it reads) and what
/// the leader hands each member (`ConsumerProtocolAssignment` v0: topics and partitions), as Kafka's clients encode
/// them inside JoinGroup and SyncGroup.
public enum ConsumerProtocol {
    /// The protocol type consumers join groups with.
    public static let type = "consumer"

    public static func subscription(topics: [String]) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        buffer.writeKafkaArray(topics) { topic, buffer in buffer.writeKafkaString(topic) }
        buffer.writeKafkaBytes(nil)
        return Array(buffer.readableBytesView)
    }

    public static func readSubscription(_ bytes: [UInt8]) throws(KafkaWireError) -> [String] {
        var buffer = ByteBuffer(bytes: bytes)
        let _: Int16 = try buffer.readKafkaInteger()
        return try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) in try buffer.readKafkaRequiredString() }
    }

    /// Topics in name order, partitions in number order, empty user data.
    public static func assignment(_ partitions: [String: [Int32]]) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        buffer.writeKafkaArray(partitions.sorted { $0.key < $1.key }) { entry, buffer in
            buffer.writeKafkaString(entry.key)
            buffer.writeKafkaArray(entry.value.sorted()) { partition, buffer in buffer.writeInteger(partition) }
        }
        buffer.writeKafkaBytes([])
        return Array(buffer.readableBytesView)
    }

    /// An assignment; empty bytes (a member left without partitions) is no partitions.
    public static func readAssignment(_ bytes: [UInt8]) throws(KafkaWireError) -> [String: [Int32]] {
        guard !bytes.isEmpty else { return [:] }
        var buffer = ByteBuffer(bytes: bytes)
        let _: Int16 = try buffer.readKafkaInteger()
        let entries = try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> (String, [Int32]) in
            (try buffer.readKafkaRequiredString(), try buffer.readKafkaArray { (buffer: inout ByteBuffer) throws(KafkaWireError) -> Int32 in try buffer.readKafkaInteger() })
        }
        return Dictionary(entries, uniquingKeysWith: { $0 + $1 })
    }
}

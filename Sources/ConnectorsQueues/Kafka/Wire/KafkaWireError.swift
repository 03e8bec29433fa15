/// A Kafka message that does not parse: too short, a length out of range, a checksum that does not match.
public struct KafkaWireError: Error, Sendable, Hashable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) { self.description = description }

    static let truncated = KafkaWireError("the message ends early")
}

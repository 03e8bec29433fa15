import Foundation
import PlugboardCore

/// The `kafka` node: publish, list and create topics, and read a partition's records, on our Kafka client over the
/// guarded dial (every broker a Metadata reply names is dialled through the egress guard); its consumer-group
/// trigger is in KafkaDriver+Records.swift.
public struct KafkaDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "kafka", category: "Messaging", displayName: "Kafka",
        description: """
            Apache Kafka and compatible brokers: publish records (keys placed on partitions as the Java client places them, \
            headers, text, JSON or base64 values) with the acknowledgement the connector asks for, list topics, create \
            topics (when admin actions are allowed), and read a partition's records from an offset or a time. The records \
            trigger joins a consumer group and starts a workflow per record, committing offsets once each is stored. TLS, \
            and SASL PLAIN or SCRAM-SHA-256/512 with a username and password credential.
            """,
        credentialKinds: [.usernamePassword], credentialRequired: false)

    public init() {}

    public var actions: [ConnectorAction<KafkaSession>] { [Self.publish, Self.listTopics, Self.createTopic, Self.read] }

    public func openSession(_ configuration: KafkaConfiguration, context: SessionContext) async throws -> KafkaSession {
        try await KafkaSession.open(configuration, context: context)
    }

    /// Connects, checks the API versions and lists the brokers.
    public func test(_ session: KafkaSession, context: CallContext) async throws -> JSONValue {
        let topics = try await session.cluster.listTopics(includeInternal: false)
        let brokers = await session.cluster.knownBrokers
        return ["brokers": .array(brokers.map { .string($0.description) }), "topics": .integer(Int64(topics.count))]
    }

    static let publish = ConnectorAction<KafkaSession>(
        name: "publish", title: "Publish records", description: "Publishes records to a topic and returns each one's partition and offset.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: KafkaPublishInput.self,
        outputSchema: Schema.object(
            ["topic": Schema.string(), "records": Schema.array(Schema.object(["partition": Schema.integer(), "offset": Schema.integer()], required: ["partition", "offset"]))],
            required: ["topic", "records"])
    ) { session, input, context in
        guard !input.records.isEmpty else { throw ConnectorError.invalidInput("Give at least one record.", field: "records") }
        let now = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        var outgoing: [KafkaOutgoing] = []
        for (index, record) in input.records.enumerated() { outgoing.append(try record.outgoing(at: index, timestamp: now)) }
        let configuration = session.configuration
        let deliveries = try await session.cluster.publish(
            input.topic, outgoing, acks: configuration.acks.wire, compression: configuration.compression.batch, timeout: min(configuration.requestTimeout, context.remaining), retries: configuration.retries)
        return [
            "topic": .string(input.topic),
            "records": .array(deliveries.map { ["partition": .integer(Int64($0.partition)), "offset": .integer($0.offset)] }),
        ]
    }

    static let listTopics = ConnectorAction<KafkaSession>(
        name: "list_topics", title: "List topics", description: "The cluster's topics with their partition counts.",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: KafkaListTopicsInput.self,
        outputSchema: Schema.object(
            ["topics": Schema.array(Schema.object(["name": Schema.string(), "partitions": Schema.integer(), "internal": Schema.boolean()], required: ["name", "partitions"]))],
            required: ["topics"])
    ) { session, input, _ in
        let topics = try await session.cluster.listTopics(includeInternal: input.includeInternal)
        return ["topics": .array(topics.map { ["name": .string($0.name), "partitions": .integer(Int64($0.partitions.count)), "internal": .bool($0.isInternal)] })]
    }

    static let createTopic = ConnectorAction<KafkaSession>(
        name: "create_topic", title: "Create a topic", description: "Creates a topic with a partition count (an admin action: the connector must allow it).",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: KafkaCreateTopicInput.self,
        outputSchema: Schema.object(["topic": Schema.string(), "partitions": Schema.integer()], required: ["topic", "partitions"])
    ) { session, input, context in
        guard session.configuration.allowAdmin else {
            throw ConnectorError(.permissionDenied, message: "Creating topics is an admin action, and this connector does not allow admin actions.", fix: "Turn on allowAdmin on the connector.")
        }
        try await session.cluster.createTopic(input.topic, partitions: Int32(input.partitions), replicationFactor: Int16(input.replicationFactor), timeout: context.remaining)
        return ["topic": .string(input.topic), "partitions": .integer(Int64(input.partitions))]
    }

    static let read = ConnectorAction<KafkaSession>(
        name: "read", title: "Read records", description: "Up to maxRecords records of one partition, from an offset, a time, the start or the end.",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: KafkaReadInput.self,
        outputSchema: Schema.object(
            ["records": Schema.array(Schema.object([:], additionalProperties: true)), "highWatermark": Schema.integer()], required: ["records", "highWatermark"])
    ) { session, input, _ in
        let (records, highWatermark) = try await session.cluster.read(
            input.topic, partition: Int32(clamping: input.partition), from: try input.start(), maxRecords: input.maxRecords, maxBytes: 4 << 20)
        return ["records": .array(records.map { describe($0, encoding: input.encoding) }), "highWatermark": .integer(highWatermark)]
    }

    /// A record as the answer gives it: key, value and header values as text, or all as base64 when asked or when
    /// (with auto) one of them is not UTF-8; `encoding` says which.
    static func describe(_ record: KafkaRecord, encoding: BytesEncoding) -> JSONValue {
        let binary = encoding.isBinary([record.key, record.value] + record.headers.map(\.value))
        func bytes(_ value: [UInt8]?) -> JSONValue { BytesEncoding.json(value, binary: binary) }
        return [
            "offset": .integer(record.offset), "timestamp": .string(ISO8601.string(from: Date(timeIntervalSince1970: TimeInterval(record.timestamp) / 1000))),
            "key": bytes(record.key), "value": bytes(record.value), "encoding": .string(binary ? "base64" : "text"),
            "headers": .object(JSONObject(record.headers.map { ($0.key, bytes($0.value)) })),
        ]
    }
}

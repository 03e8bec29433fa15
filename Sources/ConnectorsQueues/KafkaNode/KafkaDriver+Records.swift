import Foundation
import PlugboardCore
import Synchronization

/// The `records` trigger source: a member of a consumer group on a cluster connection of its own. Each record
/// becomes an event keyed by topic, partition and offset; a batch's offsets are committed to the group only after
/// every event in it is stored, so a restart or a rebalance delivers at least once, and a record read twice is
/// stored once.
extension KafkaDriver: TriggerSourceProviding {
    static let recordsSource = TriggerSourceDescriptor(
        name: "records", title: "New records (consumer group)",
        description: """
            Each record on the topics starts the target with its topic, partition, offset, time, key, value and headers. \
            The trigger is a member of the consumer group: other members (other triggers, other Kafka clients) share the \
            partitions with it, and offsets are committed once the record is stored.
            """,
        optionsSchema: Schema.object(
            [
                "topics": Schema.array(Schema.string(minLength: 1), description: "The topics to read."),
                "group": Schema.string(description: "The consumer group id; members of one group share the topics' partitions.", minLength: 1),
                "start": Schema.string(
                    description: "Where a partition the group has no offset for starts: its first record, or records written from now on.",
                    default: "latest", enum: ["earliest", "latest"]),
                "assignor": Schema.string(
                    description: "How the group's leader shares partitions (offered first; the other is offered too).", default: "range",
                    enum: PartitionAssignor.allCases.map(\.rawValue)),
                "encoding": BytesEncoding.optionSchema,
                "parseJSON": Schema.boolean(description: "Deliver a value that is JSON text as JSON.", default: false),
                "sessionTimeoutSeconds": Schema.integer(
                    description: "How long the group waits for a silent member before sharing its partitions out.", default: 30, minimum: 6, maximum: 300),
            ],
            required: ["topics", "group"]))

    public var triggerSources: [TriggerSourceDescriptor] { [Self.recordsSource] }

    public func runSource(_ name: String, configuration: KafkaConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.recordsSource.name else { throw ConnectorError.notFound("trigger source", name) }
        let options = try RecordsOptions(context.options)
        let session = try await KafkaSession.open(configuration, context: context.session)
        let consumer = KafkaGroupConsumer(cluster: session.cluster, settings: options.settings, logger: context.session.logger)
        let subscribed = SubscribedOnce()
        do {
            try await consumer.run(
                assigned: { _ in if subscribed.first() { await sink.subscribed() } },
                handle: { batch in
                    for consumed in batch { try await sink.deliver(options.event(consumed)) }
                })
        } catch {
            await session.close()
            throw error
        }
        await session.close()
    }
}

/// A `records` trigger's options.
struct RecordsOptions: Sendable {
    var settings: KafkaGroupSettings
    var encoding: BytesEncoding
    var parseJSON: Bool

    init(_ options: JSONObject) throws {
        let topics = options["topics"]?.arrayValue?.compactMap(\.stringValue).filter { !$0.isEmpty } ?? []
        guard !topics.isEmpty else { throw ConnectorError.invalidInput("Name at least one topic to read.", field: "options.topics") }
        guard let group = options["group"]?.stringValue, !group.isEmpty else {
            throw ConnectorError.invalidInput("Name the consumer group the trigger joins.", field: "options.group")
        }
        let preferred = PartitionAssignor(rawValue: options["assignor"]?.stringValue ?? "") ?? .range
        let session = Duration.seconds(options["sessionTimeoutSeconds"]?.integerValue ?? 30)
        settings = KafkaGroupSettings(
            group: group, topics: topics, assignors: [preferred] + PartitionAssignor.allCases.filter { $0 != preferred },
            start: options["start"]?.stringValue == "earliest" ? .earliest : .latest, sessionTimeout: session,
            rebalanceTimeout: max(session, .seconds(60)), heartbeatInterval: min(session / 10, .seconds(3)))
        encoding = BytesEncoding(option: options["encoding"])
        parseJSON = options["parseJSON"]?.boolValue ?? false
    }

    /// The record as the target gets it, keyed by where it sits in the topic.
    func event(_ consumed: KafkaConsumedRecord) -> SourceEvent {
        var payload = KafkaDriver.describe(consumed.record, encoding: encoding).objectValue ?? [:]
        payload["topic"] = .string(consumed.topic)
        payload["partition"] = .integer(Int64(consumed.partition))
        if parseJSON { BytesEncoding.parsingJSON(&payload, key: "value") }
        return SourceEvent(dedupKey: "\(consumed.topic)/\(consumed.partition)/\(consumed.record.offset)", payload: .object(payload))
    }
}

/// True the first time only: the trigger is subscribed once, not at every rebalance.
private final class SubscribedOnce: Sendable {
    private let done = Mutex(false)

    func first() -> Bool {
        done.withLock { done in
            defer { done = true }
            return !done
        }
    }
}

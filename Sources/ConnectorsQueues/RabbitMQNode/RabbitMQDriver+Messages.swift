import Foundation
import PlugboardCore

/// The `messages` trigger source: basic.consume on a queue, on a connection of its own, with a prefetch. Each
/// message is acknowledged only once its event is stored, and one that could not be stored is put back (nack with
/// requeue) before the source stops; the broker marks it redelivered, and the event says so. When the connection
/// drops (the broker restarts), the source fails and the trigger runner subscribes it again: unacknowledged messages
/// are redelivered, acknowledged ones are not.
extension RabbitMQDriver: TriggerSourceProviding {
    static let messagesSource = TriggerSourceDescriptor(
        name: "messages", title: "New messages (queue consumer)",
        description: """
            Each message on the queue starts the target with its body, routing key, properties, headers and whether it was \
            delivered before. A message is acknowledged once stored; a message id (when the publisher sets one) stores a \
            redelivered message once.
            """,
        optionsSchema: Schema.object(
            [
                "queue": Schema.string(description: "The queue to consume.", minLength: 1, maxLength: 255),
                "prefetch": Schema.integer(description: "Messages the broker sends ahead of their acknowledgements.", default: 10, minimum: 1, maximum: 1000),
                "encoding": BytesEncoding.optionSchema,
                "parseJSON": Schema.boolean(description: "Deliver a body that is JSON text as JSON.", default: false),
            ],
            required: ["queue"]))

    public var triggerSources: [TriggerSourceDescriptor] { [Self.messagesSource] }

    public func runSource(_ name: String, configuration: RabbitMQConfiguration, context: SourceContext, sink: SourceSink) async throws {
        guard name == Self.messagesSource.name else { throw ConnectorError.notFound("trigger source", name) }
        guard let queue = context.options["queue"]?.stringValue, !queue.isEmpty else {
            throw ConnectorError.invalidInput("Name the queue to consume.", field: "options.queue")
        }
        let consumer = QueueConsumer(
            queue: queue, prefetch: UInt16(clamping: context.options["prefetch"]?.integerValue ?? 10),
            encoding: BytesEncoding(option: context.options["encoding"]),
            parseJSON: context.options["parseJSON"]?.boolValue ?? false)
        let connection = try await AMQPConnection.connect(try configuration.options(context.session.credential), network: context.session.network)
        do {
            try await consumer.run(on: connection, sink: sink)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }
}

/// One running `messages` source.
struct QueueConsumer {
    let queue: String
    let prefetch: UInt16
    let encoding: BytesEncoding
    let parseJSON: Bool

    func run(on connection: AMQPConnection, sink: SourceSink) async throws {
        let channel = try await connection.openChannel()
        _ = try await channel.call(.basicQos(AMQP.Basic.Qos(prefetchCount: prefetch)), doing: "set the prefetch")
        let deliveries = try await channel.consume(queue: queue, tag: "plugboard-\(UUID().uuidString.lowercased())")
        await sink.subscribed()
        for try await delivery in deliveries {
            guard case .basicDeliver(let deliver) = delivery.method else { continue }
            do {
                try await sink.deliver(event(delivery))
            } catch {
                channel.send(.basicNack(AMQP.Basic.Nack(deliveryTag: deliver.deliveryTag, requeue: true)))
                throw error
            }
            channel.send(.basicAck(AMQP.Basic.Ack(deliveryTag: deliver.deliveryTag)))
        }
        // The stream ends quietly only when this task is cancelled (the trigger stops).
        guard Task.isCancelled else {
            throw connection.failure ?? ConnectorError(.unavailable, message: "The consumer of '\(queue)' ended.", retryable: true)
        }
    }

    /// The message as the target gets it; its message id, when it has one, keys it, so a redelivery is stored once.
    func event(_ delivery: AMQPIncoming) -> SourceEvent {
        var payload = RabbitMQMessages.describe(delivery, encoding: encoding).objectValue ?? [:]
        payload["queue"] = .string(queue)
        if parseJSON { BytesEncoding.parsingJSON(&payload, key: "body") }
        let key = delivery.properties.messageId.map { "message-\($0)" } ?? "delivery-\(UUID().uuidString.lowercased())"
        return SourceEvent(dedupKey: key, payload: .object(payload))
    }
}

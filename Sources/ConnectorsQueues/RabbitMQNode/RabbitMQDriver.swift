import Foundation
import PlugboardCore

/// The `rabbitmq` node: publish with publisher confirms, declare and delete exchanges, queues and bindings, get and
/// purge, on our AMQP 0-9-1 client over the guarded dial; its consumer trigger is in RabbitMQDriver+Messages.swift.
public struct RabbitMQDriver: ConnectorDriver {
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "rabbitmq", category: "Messaging", displayName: "RabbitMQ",
        description: """
            RabbitMQ and other AMQP 0-9-1 brokers: publish messages (every one confirmed by the broker; a mandatory one \
            that no queue takes is reported unroutable), declare and delete exchanges, queues and bindings, get messages \
            (taking them or putting them back) and purge queues. The messages trigger consumes a queue and acknowledges \
            each message once it is stored. TLS, and a username and password credential.
            """,
        credentialKinds: [.usernamePassword], credentialRequired: true)

    public init() {}

    public var actions: [ConnectorAction<RabbitMQSession>] {
        [
            Self.publish, Self.get, Self.declareQueue, Self.deleteQueue, Self.purgeQueue, Self.bindQueue, Self.unbindQueue,
            Self.declareExchange, Self.deleteExchange,
        ]
    }

    public func openSession(_ configuration: RabbitMQConfiguration, context: SessionContext) async throws -> RabbitMQSession {
        try await RabbitMQSession.open(configuration, context: context)
    }

    /// Logs in, opens the virtual host and a channel.
    public func test(_ session: RabbitMQSession, context: CallContext) async throws -> JSONValue {
        try await session.channels.withChannel { _ in }
        return [
            "virtualHost": .string(session.connection.virtualHost), "frameMax": .integer(Int64(session.connection.frameMax)),
            "heartbeatSeconds": .integer(Int64(session.connection.heartbeatSeconds)),
        ]
    }

    static let changes = ActionAnnotations(readOnly: false, destructive: false, idempotent: true)
    static let deletes = ActionAnnotations(readOnly: false, destructive: true, idempotent: true)

    static let publish = ConnectorAction<RabbitMQSession>(
        name: "publish", title: "Publish messages",
        description: "Publishes messages to an exchange with a routing key; each is confirmed by the broker, or reported unroutable or rejected.",
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: RabbitMQPublishInput.self,
        outputSchema: Schema.object(
            [
                "confirmed": Schema.integer(), "unroutable": Schema.integer(), "rejected": Schema.integer(),
                "messages": Schema.array(Schema.object(["status": Schema.string(enum: ["confirmed", "unroutable", "rejected"]), "reason": Schema.string()], required: ["status"])),
            ],
            required: ["confirmed", "unroutable", "rejected", "messages"])
    ) { session, input, _ in
        guard !input.messages.isEmpty else { throw ConnectorError.invalidInput("Give at least one message.", field: "messages") }
        guard input.exchange.utf8.count <= 255 else { throw ConnectorError.invalidInput("The exchange name is longer than 255 bytes.", field: "exchange") }
        let now = Date()
        var outgoing: [AMQPOutgoing] = []
        for (index, message) in input.messages.enumerated() {
            outgoing.append(try message.outgoing(at: index, exchange: input.exchange, routingKey: input.routingKey, mandatory: input.mandatory, now: now))
        }
        let outcomes = try await session.channels.withChannel { channel in try await channel.publish(outgoing) }
        var counts: [String: Int64] = ["confirmed": 0, "unroutable": 0, "rejected": 0]
        let described: [JSONValue] = outcomes.map { outcome in
            switch outcome {
            case .confirmed:
                counts["confirmed", default: 0] += 1
                return ["status": "confirmed"]
            case .unroutable(let code, let text):
                counts["unroutable", default: 0] += 1
                return ["status": "unroutable", "reason": .string("\(text) (\(code)): no queue is bound to this exchange with this routing key")]
            case .rejected:
                counts["rejected", default: 0] += 1
                return ["status": "rejected", "reason": "the broker refused it (basic.nack)"]
            }
        }
        return [
            "confirmed": .integer(counts["confirmed"] ?? 0), "unroutable": .integer(counts["unroutable"] ?? 0),
            "rejected": .integer(counts["rejected"] ?? 0), "messages": .array(described),
        ]
    }

    static let get = ConnectorAction<RabbitMQSession>(
        name: "get", title: "Get messages",
        description: "Takes up to maxMessages messages from a queue (ack), or looks at them and puts them back (requeue).",
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: false), input: RabbitMQGetInput.self,
        outputSchema: Schema.object(
            ["messages": Schema.array(Schema.object([:], additionalProperties: true)), "remaining": Schema.integer()], required: ["messages", "remaining"])
    ) { session, input, _ in
        try await session.channels.withChannel { channel in
            var messages: [JSONValue] = []
            var remaining: Int64 = 0
            var last: UInt64?
            while messages.count < input.maxMessages {
                let reply = try await channel.call(.basicGet(AMQP.Basic.Get(queue: input.queue)), doing: "get from the queue '\(input.queue)'")
                guard case .basicGetOk(let ok) = reply.method else { break }
                messages.append(RabbitMQMessages.describe(reply, encoding: input.encoding))
                remaining = Int64(ok.messageCount)
                last = ok.deliveryTag
            }
            if let last {
                switch input.ackMode {
                case .ack: channel.send(.basicAck(AMQP.Basic.Ack(deliveryTag: last, multiple: true)))
                case .requeue: channel.send(.basicNack(AMQP.Basic.Nack(deliveryTag: last, multiple: true, requeue: true)))
                }
            }
            if input.ackMode == .requeue { remaining += Int64(messages.count) }
            return ["messages": .array(messages), "remaining": .integer(remaining)]
        }
    }

    static let declareQueue = ConnectorAction<RabbitMQSession>(
        name: "declare_queue", title: "Declare a queue",
        description: "Makes sure a queue exists with these properties; an existing one with other properties is a conflict.",
        annotations: changes, input: RabbitMQQueueInput.self,
        outputSchema: Schema.object(["queue": Schema.string(), "messages": Schema.integer(), "consumers": Schema.integer()], required: ["queue", "messages", "consumers"])
    ) { session, input, _ in
        let reply = try await session.call(
            .queueDeclare(AMQP.Queue.Declare(
                queue: input.queue, durable: input.durable, exclusive: input.exclusive, autoDelete: input.autoDelete,
                arguments: RabbitMQMessages.table(input.arguments))),
            doing: "declare the queue '\(input.queue)'")
        guard case .queueDeclareOk(let ok) = reply.method else { throw RabbitMQMessages.unexpected(reply, "queue.declare") }
        return ["queue": .string(ok.queue), "messages": .integer(Int64(ok.messageCount)), "consumers": .integer(Int64(ok.consumerCount))]
    }

    static let deleteQueue = ConnectorAction<RabbitMQSession>(
        name: "delete_queue", title: "Delete a queue",
        description: "Deletes a queue and the messages in it (an admin action: the connector must allow it).",
        annotations: deletes, input: RabbitMQQueueInput.self, outputSchema: Schema.object(["messages": Schema.integer()], required: ["messages"])
    ) { session, input, _ in
        try RabbitMQMessages.requireAdmin(session, "Deleting queues")
        guard !input.queue.isEmpty else { throw ConnectorError.invalidInput("Name the queue to delete.", field: "queue") }
        let reply = try await session.call(
            .queueDelete(AMQP.Queue.Delete(queue: input.queue, ifUnused: input.ifUnused, ifEmpty: input.ifEmpty)), doing: "delete the queue '\(input.queue)'")
        guard case .queueDeleteOk(let ok) = reply.method else { throw RabbitMQMessages.unexpected(reply, "queue.delete") }
        return ["messages": .integer(Int64(ok.messageCount))]
    }

    static let purgeQueue = ConnectorAction<RabbitMQSession>(
        name: "purge_queue", title: "Purge a queue",
        description: "Removes every ready message from a queue (an admin action: the connector must allow it).",
        annotations: deletes, input: RabbitMQPurgeInput.self, outputSchema: Schema.object(["messages": Schema.integer()], required: ["messages"])
    ) { session, input, _ in
        try RabbitMQMessages.requireAdmin(session, "Purging queues")
        let reply = try await session.call(.queuePurge(AMQP.Queue.Purge(queue: input.queue)), doing: "purge the queue '\(input.queue)'")
        guard case .queuePurgeOk(let ok) = reply.method else { throw RabbitMQMessages.unexpected(reply, "queue.purge") }
        return ["messages": .integer(Int64(ok.messageCount))]
    }

    static let bindQueue = ConnectorAction<RabbitMQSession>(
        name: "bind_queue", title: "Bind a queue", description: "Routes an exchange's messages with this routing key (or pattern) to a queue.",
        annotations: changes, input: RabbitMQBindingInput.self, outputSchema: Schema.object(["bound": Schema.boolean()], required: ["bound"])
    ) { session, input, _ in
        _ = try await session.call(
            .queueBind(AMQP.Queue.Bind(queue: input.queue, exchange: input.exchange, routingKey: input.routingKey, arguments: RabbitMQMessages.table(input.arguments))),
            doing: "bind the queue '\(input.queue)' to '\(input.exchange)'")
        return ["bound": true]
    }

    static let unbindQueue = ConnectorAction<RabbitMQSession>(
        name: "unbind_queue", title: "Unbind a queue", description: "Removes a binding made with the same exchange, routing key and arguments.",
        annotations: changes, input: RabbitMQBindingInput.self, outputSchema: Schema.object(["bound": Schema.boolean()], required: ["bound"])
    ) { session, input, _ in
        _ = try await session.call(
            .queueUnbind(AMQP.Queue.Unbind(queue: input.queue, exchange: input.exchange, routingKey: input.routingKey, arguments: RabbitMQMessages.table(input.arguments))),
            doing: "unbind the queue '\(input.queue)' from '\(input.exchange)'")
        return ["bound": false]
    }

    static let declareExchange = ConnectorAction<RabbitMQSession>(
        name: "declare_exchange", title: "Declare an exchange",
        description: "Makes sure an exchange exists with this type and these properties; an existing one with others is a conflict.",
        annotations: changes, input: RabbitMQExchangeInput.self, outputSchema: Schema.object(["exchange": Schema.string()], required: ["exchange"])
    ) { session, input, _ in
        _ = try await session.call(
            .exchangeDeclare(AMQP.Exchange.Declare(
                exchange: input.exchange, type: input.type, durable: input.durable, autoDelete: input.autoDelete, internal: input.internal,
                arguments: RabbitMQMessages.table(input.arguments))),
            doing: "declare the exchange '\(input.exchange)'")
        return ["exchange": .string(input.exchange)]
    }

    static let deleteExchange = ConnectorAction<RabbitMQSession>(
        name: "delete_exchange", title: "Delete an exchange",
        description: "Deletes an exchange and its bindings (an admin action: the connector must allow it).",
        annotations: deletes, input: RabbitMQExchangeInput.self, outputSchema: Schema.object(["deleted": Schema.boolean()], required: ["deleted"])
    ) { session, input, _ in
        try RabbitMQMessages.requireAdmin(session, "Deleting exchanges")
        _ = try await session.call(
            .exchangeDelete(AMQP.Exchange.Delete(exchange: input.exchange, ifUnused: input.ifUnused)), doing: "delete the exchange '\(input.exchange)'")
        return ["deleted": true]
    }
}

/// What the actions and the trigger share: messages as JSON, JSON as field tables, and the admin check.
enum RabbitMQMessages {
    /// A received message: its body (text, or base64 when asked or not UTF-8), where it came from, whether it was
    /// delivered before, and its properties and headers.
    static func describe(_ message: AMQPIncoming, encoding: BytesEncoding) -> JSONValue {
        let binary = encoding.isBinary([message.body])
        var object: JSONObject = [
            "body": BytesEncoding.json(message.body, binary: binary),
            "encoding": .string(binary ? "base64" : "text"),
        ]
        switch message.method {
        case .basicDeliver(let deliver):
            object["exchange"] = .string(deliver.exchange)
            object["routingKey"] = .string(deliver.routingKey)
            object["redelivered"] = .bool(deliver.redelivered)
        case .basicGetOk(let ok):
            object["exchange"] = .string(ok.exchange)
            object["routingKey"] = .string(ok.routingKey)
            object["redelivered"] = .bool(ok.redelivered)
        default: break
        }
        let properties = message.properties
        var described: JSONObject = [:]
        let texts: [(String, String?)] = [
            ("contentType", properties.contentType), ("contentEncoding", properties.contentEncoding), ("correlationId", properties.correlationId),
            ("replyTo", properties.replyTo), ("expiration", properties.expiration), ("messageId", properties.messageId), ("type", properties.type),
            ("userId", properties.userId), ("appId", properties.appId),
        ]
        for (name, value) in texts { if let value { described[name] = .string(value) } }
        if let mode = properties.deliveryMode { described["persistent"] = .bool(mode == 2) }
        if let priority = properties.priority { described["priority"] = .integer(Int64(priority)) }
        if let timestamp = properties.timestamp {
            described["timestamp"] = .string(ISO8601.string(from: Date(timeIntervalSince1970: TimeInterval(timestamp))))
        }
        object["properties"] = .object(described)
        object["headers"] = AMQPFieldValue.table(properties.headers ?? [:]).json
        return .object(object)
    }

    static func table(_ map: FieldMap<JSONValue>) -> AMQPTable {
        AMQPTable(map.map { ($0.0, AMQPFieldValue(json: $0.1)) }, uniquingKeysWith: { _, last in last })
    }

    static func requireAdmin(_ session: RabbitMQSession, _ what: String) throws {
        guard session.configuration.allowAdmin else {
            throw ConnectorError(
                .permissionDenied, message: "\(what) is an admin action, and this connector does not allow admin actions.", fix: "Turn on allowAdmin on the connector.")
        }
    }

    static func unexpected(_ reply: AMQPIncoming, _ method: String) -> ConnectorError {
        ConnectorError(.upstreamError, message: "RabbitMQ answered \(method) with \(type(of: reply.method.payload).name).")
    }
}

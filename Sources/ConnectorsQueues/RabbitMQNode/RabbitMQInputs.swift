import Foundation
import PlugboardCore

/// One message to publish.
struct RabbitMQMessageInput: FieldSet {
    var body: JSONValue?
    var base64: String?
    var routingKey: String?
    var contentType: String?
    var contentEncoding: String?
    var headers: FieldMap<JSONValue> = [:]
    var persistent = true
    var priority: Int?
    var correlationId: String?
    var replyTo: String?
    var expirationMilliseconds: Int?
    var messageId: String?
    var type: String?
    var appId: String?

    init() {}

    static let fields = FieldList<Self> {
        Field("body", \.body, title: "Body", description: "Text as it is; any other JSON value is sent as JSON (application/json unless a content type is given).")
        Field("base64", \.base64, title: "Body (base64)", description: "Bytes, instead of body.")
        Field("routingKey", \.routingKey, title: "Routing key", description: "This message's, instead of the call's.")
        Field("contentType", \.contentType, title: "Content type")
        Field("contentEncoding", \.contentEncoding, title: "Content encoding")
        Field("headers", \.headers, title: "Headers", description: "Names and JSON values (text, numbers, booleans, lists, objects).")
        Field("persistent", \.persistent, title: "Persistent", description: "Kept on disk by durable queues (delivery mode 2).")
        Field("priority", \.priority, title: "Priority", minimum: 0, maximum: 255)
        Field("correlationId", \.correlationId, title: "Correlation id")
        Field("replyTo", \.replyTo, title: "Reply to")
        Field("expirationMilliseconds", \.expirationMilliseconds, title: "Expires after (ms)", minimum: 0)
        Field("messageId", \.messageId, title: "Message id", description: "Triggers use it to store a redelivered message once.")
        Field("type", \.type, title: "Type")
        Field("appId", \.appId, title: "App id")
    }

    func outgoing(at index: Int, exchange: String, routingKey: String, mandatory: Bool, now: Date) throws(ConnectorError) -> AMQPOutgoing {
        var properties = AMQPBasicProperties()
        let bytes: [UInt8]
        switch (body, base64) {
        case (let value?, nil):
            if case .string(let text) = value {
                bytes = Array(text.utf8)
            } else {
                bytes = Array(value.jsonString().utf8)
                properties.contentType = "application/json"
            }
        case (nil, let encoded?):
            guard let data = Data(base64Encoded: encoded, options: .ignoreUnknownCharacters) else {
                throw .invalidInput("Message \(index)'s base64 is not valid.", field: "messages[\(index)].base64")
            }
            bytes = Array(data)
        case (nil, nil): bytes = []
        default: throw .invalidInput("Give message \(index)'s body as body or as base64, not both.", field: "messages[\(index)].body")
        }
        if let contentType { properties.contentType = contentType }
        properties.contentEncoding = contentEncoding
        if !headers.isEmpty { properties.headers = AMQPTable(uniqueKeysWithValues: headers.map { ($0.0, AMQPFieldValue(json: $0.1)) }) }
        properties.deliveryMode = persistent ? 2 : 1
        properties.priority = priority.map { UInt8(clamping: $0) }
        properties.correlationId = correlationId
        properties.replyTo = replyTo
        properties.expiration = expirationMilliseconds.map(String.init)
        properties.messageId = messageId
        properties.timestamp = UInt64(max(0, now.timeIntervalSince1970))
        properties.type = type
        properties.appId = appId
        for (name, text) in [("routingKey", self.routingKey ?? routingKey), ("type", type ?? ""), ("messageId", messageId ?? "")] where text.utf8.count > 255 {
            throw .invalidInput("Message \(index)'s \(name) is longer than 255 bytes.", field: "messages[\(index)].\(name)")
        }
        return AMQPOutgoing(exchange: exchange, routingKey: self.routingKey ?? routingKey, mandatory: mandatory, properties: properties, body: bytes)
    }
}

struct RabbitMQPublishInput: FieldSet {
    var exchange = ""
    var routingKey = ""
    var mandatory = false
    var messages: [RabbitMQMessageInput] = []

    init() {}

    static let fields = FieldList<Self> {
        Field("exchange", \.exchange, title: "Exchange", description: "Empty for the default exchange, which routes to the queue named by the routing key.")
        Field("routingKey", \.routingKey, title: "Routing key", description: "For every message that gives none.")
        Field("mandatory", \.mandatory, title: "Mandatory", description: "Report a message no queue takes as unroutable, instead of dropping it silently.")
        Field("messages", \.messages, title: "Messages", description: "Published together; each is confirmed by the broker.", required: true)
    }
}

struct RabbitMQExchangeInput: FieldSet {
    var exchange = ""
    var type = "direct"
    var durable = true
    var autoDelete = false
    var `internal` = false
    var ifUnused = false
    var arguments: FieldMap<JSONValue> = [:]

    init() {}

    static let fields = FieldList<Self> {
        Field("exchange", \.exchange, title: "Exchange", minLength: 1, maxLength: 255, required: true)
        Field("type", \.type, title: "Type", description: "direct, fanout, topic, headers, or a plugin's type.", minLength: 1)
        Field("durable", \.durable, title: "Durable", description: "Survives a broker restart.")
        Field("autoDelete", \.autoDelete, title: "Auto-delete", description: "Deleted when its last binding goes.")
        Field("internal", \.internal, title: "Internal", description: "Only other exchanges publish to it.")
        Field("ifUnused", \.ifUnused, title: "Only if unused", description: "When deleting: refuse if it still has bindings.")
        Field("arguments", \.arguments, title: "Arguments", description: "Such as alternate-exchange.")
    }
}

struct RabbitMQQueueInput: FieldSet {
    var queue = ""
    var durable = true
    var exclusive = false
    var autoDelete = false
    var ifUnused = false
    var ifEmpty = false
    var arguments: FieldMap<JSONValue> = [:]

    init() {}

    static let fields = FieldList<Self> {
        Field("queue", \.queue, title: "Queue", description: "Empty when declaring lets the broker name it.", maxLength: 255)
        Field("durable", \.durable, title: "Durable", description: "Survives a broker restart.")
        Field("exclusive", \.exclusive, title: "Exclusive", description: "Used by the session's connection only, and deleted with it.")
        Field("autoDelete", \.autoDelete, title: "Auto-delete", description: "Deleted when its last consumer goes.")
        Field("ifUnused", \.ifUnused, title: "Only if unused", description: "When deleting: refuse if it has consumers.")
        Field("ifEmpty", \.ifEmpty, title: "Only if empty", description: "When deleting: refuse if it holds messages.")
        Field("arguments", \.arguments, title: "Arguments", description: "Such as x-queue-type, x-message-ttl, x-max-length, x-dead-letter-exchange.")
    }
}

struct RabbitMQBindingInput: FieldSet {
    var queue = ""
    var exchange = ""
    var routingKey = ""
    var arguments: FieldMap<JSONValue> = [:]

    init() {}

    static let fields = FieldList<Self> {
        Field("queue", \.queue, title: "Queue", minLength: 1, maxLength: 255, required: true)
        Field("exchange", \.exchange, title: "Exchange", minLength: 1, maxLength: 255, required: true)
        Field("routingKey", \.routingKey, title: "Routing key", description: "A topic pattern (orders.*.eu) for topic exchanges.", maxLength: 255)
        Field("arguments", \.arguments, title: "Arguments", description: "For headers exchanges: x-match and the headers to match.")
    }
}

struct RabbitMQGetInput: FieldSet {
    enum AckMode: String, FieldChoice {
        /// Take the messages off the queue.
        case ack
        /// Look at them and put them back (they come back marked redelivered).
        case requeue
    }

    var queue = ""
    var maxMessages = 1
    var ackMode = AckMode.ack
    var encoding = BytesEncoding.auto

    init() {}

    static let fields = FieldList<Self> {
        Field("queue", \.queue, title: "Queue", minLength: 1, maxLength: 255, required: true)
        Field("maxMessages", \.maxMessages, title: "Messages at most", minimum: 1, maximum: 1000)
        Field("ackMode", \.ackMode, title: "Then", description: "ack takes them off the queue; requeue puts them back.")
        Field("encoding", \.encoding, title: "Bodies as", description: "auto gives text for UTF-8 and base64 otherwise.")
    }
}

struct RabbitMQPurgeInput: FieldSet {
    var queue = ""

    init() {}

    static let fields = FieldList<Self> {
        Field("queue", \.queue, title: "Queue", minLength: 1, maxLength: 255, required: true)
    }
}

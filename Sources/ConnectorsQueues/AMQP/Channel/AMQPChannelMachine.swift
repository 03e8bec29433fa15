/// A message as it arrived: the method that carried it and, for a deliver, return or get-ok, its content.
public struct AMQPIncoming: Sendable, Hashable {
    public var method: AMQPMethod
    public var properties: AMQPBasicProperties
    public var body: [UInt8]

    public init(method: AMQPMethod, properties: AMQPBasicProperties = AMQPBasicProperties(), body: [UInt8] = []) {
        self.method = method
        self.properties = properties
        self.body = body
    }
}

/// A message to publish.
public struct AMQPOutgoing: Sendable, Hashable {
    public var exchange: String
    public var routingKey: String
    public var mandatory: Bool
    public var properties: AMQPBasicProperties
    public var body: [UInt8]

    public init(exchange: String, routingKey: String, mandatory: Bool = false, properties: AMQPBasicProperties = AMQPBasicProperties(), body: [UInt8]) {
        self.exchange = exchange
        self.routingKey = routingKey
        self.mandatory = mandatory
        self.properties = properties
        self.body = body
    }
}

/// What became of a message published in confirm mode.
public enum AMQPPublishOutcome: Sendable, Hashable {
    /// The broker took responsibility for it.
    case confirmed
    /// `mandatory` and no queue took it (basic.return, then the confirm).
    case unroutable(replyCode: UInt16, replyText: String)
    /// The broker refused it (basic.nack).
    case rejected
}

/// One channel's side of the conversation, without I/O: it puts a content's method, header and body frames back
/// together, gives synchronous replies to the calls waiting in order, hands deliveries to their consumers, and
/// settles published messages as the broker confirms, returns or rejects them.
///
/// `receive` returns what to do; the channel object does it outside its lock.
struct AMQPChannelMachine: Sendable {
    enum Action: Sendable {
        /// The reply to the oldest waiting call.
        case reply(AMQPIncoming)
        /// A delivery for the consumer with this tag.
        case deliver(consumerTag: String, AMQPIncoming)
        /// The broker cancelled the consumer (its queue was deleted…).
        case cancelled(consumerTag: String)
        /// These publishes are settled.
        case settled([UInt64: AMQPPublishOutcome])
        /// A frame to send back (channel.close-ok, channel.flow-ok).
        case send(AMQPMethod)
        /// The broker closed the channel: every waiter fails with this.
        case closed(replyCode: UInt16, replyText: String, classID: UInt16, methodID: UInt16)
        /// The close this side asked for is done: the channel's number is free again.
        case released
    }

    /// A publish waiting for its confirm.
    struct Pending: Sendable {
        var message: AMQPOutgoing
        var returned: AMQPPublishOutcome?
    }

    private var assembling: (method: AMQPMethod, properties: AMQPBasicProperties, size: UInt64, body: [UInt8])?
    private var awaitingHeader: AMQPMethod?
    private(set) var nextPublishTag: UInt64 = 1
    private(set) var pending: [UInt64: Pending] = [:]
    private(set) var isClosed = false
    /// This side sent channel.close: replies still owed to abandoned calls are dropped until close-ok.
    private(set) var isClosing = false

    /// This side closes the channel; what arrives until the broker's close-ok is dropped.
    mutating func closing() {
        isClosing = true
    }

    /// Records a message about to be published in confirm mode and returns its delivery tag.
    mutating func published(_ message: AMQPOutgoing) -> UInt64 {
        defer { nextPublishTag += 1 }
        pending[nextPublishTag] = Pending(message: message)
        return nextPublishTag
    }

    mutating func receive(_ frame: AMQPFrame) throws(AMQPWireError) -> [Action] {
        switch frame {
        case .heartbeat: return []
        case .method(_, let method):
            guard awaitingHeader == nil, assembling == nil else { throw AMQPWireError("a method came in the middle of a content") }
            if type(of: method.payload).expectsContent {
                awaitingHeader = method
                return []
            }
            return handle(AMQPIncoming(method: method))
        case .header(_, let header):
            guard let method = awaitingHeader else { throw AMQPWireError("a content header came without its method") }
            awaitingHeader = nil
            if header.bodySize == 0 { return handle(AMQPIncoming(method: method, properties: header.properties)) }
            assembling = (method, header.properties, header.bodySize, [])
            return []
        case .body(_, let bytes):
            guard var content = assembling else { throw AMQPWireError("a content body came without its header") }
            content.body += bytes
            guard UInt64(content.body.count) >= content.size else {
                assembling = content
                return []
            }
            assembling = nil
            guard UInt64(content.body.count) == content.size else { throw AMQPWireError("a content body is longer than its header said") }
            return handle(AMQPIncoming(method: content.method, properties: content.properties, body: content.body))
        }
    }

    private mutating func handle(_ incoming: AMQPIncoming) -> [Action] {
        if isClosing {
            switch incoming.method {
            case .channelCloseOk:
                isClosed = true
                return [.released]
            case .channelClose:
                isClosed = true
                return [.send(.channelCloseOk(AMQP.Channel.CloseOk())), .released]
            default: return []
            }
        }
        switch incoming.method {
        case .basicDeliver(let deliver): return [.deliver(consumerTag: deliver.consumerTag, incoming)]
        case .basicCancel(let cancel): return [.cancelled(consumerTag: cancel.consumerTag)]
        case .basicReturn(let returned):
            // The return of a mandatory message comes before its confirm: the earliest unsettled message with the
            // same exchange, routing key, properties and body is the one returned (identical ones are interchangeable).
            let tag = pending.filter { entry in
                entry.value.returned == nil && entry.value.message.mandatory && entry.value.message.exchange == returned.exchange
                    && entry.value.message.routingKey == returned.routingKey && entry.value.message.body == incoming.body
                    && entry.value.message.properties == incoming.properties
            }.keys.min()
            if let tag { pending[tag]?.returned = .unroutable(replyCode: returned.replyCode, replyText: returned.replyText) }
            return []
        case .basicAck(let ack): return [.settled(settle(ack.deliveryTag, multiple: ack.multiple, rejected: false))]
        case .basicNack(let nack): return [.settled(settle(nack.deliveryTag, multiple: nack.multiple, rejected: true))]
        case .channelClose(let close):
            isClosed = true
            return [
                .send(.channelCloseOk(AMQP.Channel.CloseOk())),
                .closed(replyCode: close.replyCode, replyText: close.replyText, classID: close.classId, methodID: close.methodId),
            ]
        case .channelFlow(let flow): return [.send(.channelFlowOk(AMQP.Channel.FlowOk(active: flow.active)))]
        default: return [.reply(incoming)]
        }
    }

    private mutating func settle(_ tag: UInt64, multiple: Bool, rejected: Bool) -> [UInt64: AMQPPublishOutcome] {
        let tags = multiple ? pending.keys.filter { $0 <= tag } : (pending[tag] == nil ? [] : [tag])
        var settled: [UInt64: AMQPPublishOutcome] = [:]
        for tag in tags {
            guard let entry = pending.removeValue(forKey: tag) else { continue }
            settled[tag] = rejected ? .rejected : (entry.returned ?? .confirmed)
        }
        return settled
    }
}

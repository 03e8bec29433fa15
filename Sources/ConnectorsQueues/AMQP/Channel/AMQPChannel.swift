import NIOCore
import PlugboardCore
import Synchronization

/// One AMQP channel on a connection: synchronous calls answered in order, publishes confirmed by the broker, basic.get,
/// and consumers fed as deliveries arrive. A channel the broker closed (a refused declare, a missing queue) fails
/// every wait with the broker's reason and is not used again.
///
/// A call cancelled while it waits (its deadline) leaves the channel unusable too: its reply may still come, and
/// would be taken for the next call's. `isUsable` says whether to keep it.
public final class AMQPChannel: Sendable {
    public let id: UInt16
    private let connection: AMQPConnection

    private struct State {
        var machine = AMQPChannelMachine()
        var calls: [CheckedContinuation<AMQPIncoming, any Error>] = []
        var publishes: [UInt64: CheckedContinuation<AMQPPublishOutcome, any Error>] = [:]
        var early: [UInt64: AMQPPublishOutcome] = [:]
        var consumers: [String: AsyncThrowingStream<AMQPIncoming, any Error>.Continuation] = [:]
        var confirming = false
        var abandoned = false
        var failure: ConnectorError?
    }

    private let state = Mutex(State())

    init(id: UInt16, connection: AMQPConnection) {
        self.id = id
        self.connection = connection
    }

    /// Whether the channel can take another call: open, and no reply outstanding from a cancelled one.
    public var isUsable: Bool { state.withLock { $0.failure == nil && !$0.abandoned } && connection.isActive }

    // MARK: Calls

    /// Sends a synchronous method and waits for its reply (with its content, for basic.get).
    public func call(_ method: AMQPMethod, doing action: String) async throws -> AMQPIncoming {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AMQPIncoming, any Error>) in
                // The wait is queued and the method written under one lock, so replies match calls in order.
                let failure = state.withLock { state -> (any Error)? in
                    if let failure = state.failure { return failure }
                    if Task.isCancelled { return CancellationError() }
                    state.calls.append(continuation)
                    connection.send([.method(channel: id, method)])
                    return nil
                }
                if let failure { return continuation.resume(throwing: failure) }
            }
        } onCancel: {
            state.withLock { $0.abandoned = true }
            failCalls(CancellationError())
        }
    }

    /// Sends a method that has no reply (basic.ack, basic.nack, basic.reject).
    public func send(_ method: AMQPMethod) {
        connection.send([.method(channel: id, method)])
    }

    // MARK: Publishing

    /// Publishes `messages` in confirm mode (confirm.select first, once) and waits until the broker settled each:
    /// confirmed, returned as unroutable (mandatory), or rejected. The messages go out in one write.
    public func publish(_ messages: [AMQPOutgoing]) async throws -> [AMQPPublishOutcome] {
        if !state.withLock({ $0.confirming }) {
            _ = try await call(.confirmSelect(AMQP.Confirm.Select()), doing: "turn on publisher confirms")
            state.withLock { $0.confirming = true }
        }
        var frames: [AMQPFrame] = []
        let chunk = Int(connection.frameMax) - AMQPFrame.overhead
        for message in messages {
            frames.append(.method(channel: id, .basicPublish(AMQP.Basic.Publish(exchange: message.exchange, routingKey: message.routingKey, mandatory: message.mandatory))))
            frames.append(.header(channel: id, AMQPContentHeader(bodySize: UInt64(message.body.count), properties: message.properties)))
            var offset = 0
            while offset < message.body.count {
                let end = min(offset + chunk, message.body.count)
                frames.append(.body(channel: id, Array(message.body[offset..<end])))
                offset = end
            }
        }
        // Tags are given in the order the messages go out: both under one lock.
        let tags = try state.withLock { state throws -> [UInt64] in
            if let failure = state.failure { throw failure }
            defer { connection.send(frames) }
            return messages.map { state.machine.published($0) }
        }
        var outcomes: [AMQPPublishOutcome] = []
        for tag in tags { outcomes.append(try await settlement(of: tag)) }
        return outcomes
    }

    private func settlement(of tag: UInt64) async throws -> AMQPPublishOutcome {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<AMQPPublishOutcome, any Error>) in
                let result = state.withLock { state -> Result<AMQPPublishOutcome, any Error>? in
                    if let outcome = state.early.removeValue(forKey: tag) { return .success(outcome) }
                    if let failure = state.failure { return .failure(failure) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.publishes[tag] = continuation
                    return nil
                }
                if let result { continuation.resume(with: result) }
            }
        } onCancel: {
            let waiter = state.withLock { state in
                state.abandoned = true
                return state.publishes.removeValue(forKey: tag)
            }
            waiter?.resume(throwing: CancellationError())
        }
    }

    // MARK: Consuming

    /// basic.consume; deliveries arrive on the stream until the consumer is cancelled or the channel closes.
    public func consume(queue: String, tag: String, arguments: AMQPTable = [:]) async throws -> AsyncThrowingStream<AMQPIncoming, any Error> {
        let (stream, continuation) = AsyncThrowingStream<AMQPIncoming, any Error>.makeStream()
        state.withLock { $0.consumers[tag] = continuation }
        do {
            _ = try await call(.basicConsume(AMQP.Basic.Consume(queue: queue, consumerTag: tag, arguments: arguments)), doing: "consume from the queue '\(queue)'")
        } catch {
            state.withLock { _ = $0.consumers.removeValue(forKey: tag) }
            continuation.finish(throwing: error)
            throw error
        }
        return stream
    }

    // MARK: Incoming

    /// A frame for this channel, from the connection's event loop.
    func receive(_ frame: AMQPFrame) throws(AMQPWireError) {
        let actions = try state.withLock { state throws(AMQPWireError) in try state.machine.receive(frame) }
        for action in actions {
            switch action {
            case .reply(let incoming):
                let waiter = state.withLock { state in state.calls.isEmpty ? nil : state.calls.removeFirst() }
                waiter?.resume(returning: incoming)
            case .deliver(let tag, let incoming):
                _ = state.withLock { $0.consumers[tag] }?.yield(incoming)
            case .cancelled(let tag):
                state.withLock { $0.consumers.removeValue(forKey: tag) }?.finish(
                    throwing: ConnectorError(.unavailable, message: "RabbitMQ cancelled the consumer (its queue was deleted, or it moved).", retryable: true))
            case .settled(let outcomes):
                let ready = state.withLock { state in
                    outcomes.compactMap { tag, outcome -> (CheckedContinuation<AMQPPublishOutcome, any Error>, AMQPPublishOutcome)? in
                        if let waiter = state.publishes.removeValue(forKey: tag) { return (waiter, outcome) }
                        state.early[tag] = outcome
                        return nil
                    }
                }
                for (waiter, outcome) in ready { waiter.resume(returning: outcome) }
            case .send(let method):
                connection.send([.method(channel: id, method)])
            case .closed(let code, let text, let classID, let methodID):
                let name = AMQPMethod.name(classID: classID, methodID: methodID)
                fail(AMQPFailure.error(replyCode: code, replyText: text, doing: name.map { "do \($0)" } ?? "keep the channel open"))
                connection.forget(self)
            case .released:
                connection.forget(self)
            }
        }
    }

    /// The channel is closed (by the broker, or because the connection went): every wait ends with `error`.
    func fail(_ error: ConnectorError) {
        let (calls, publishes, consumers) = state.withLock { state in
            if state.failure == nil { state.failure = error }
            defer {
                state.calls = []
                state.publishes = [:]
                state.consumers = [:]
            }
            return (state.calls, Array(state.publishes.values), Array(state.consumers.values))
        }
        for call in calls { call.resume(throwing: error) }
        for publish in publishes { publish.resume(throwing: error) }
        for consumer in consumers { consumer.finish(throwing: error) }
    }

    private func failCalls(_ error: any Error) {
        let calls = state.withLock { state in
            defer { state.calls = [] }
            return state.calls
        }
        for call in calls { call.resume(throwing: error) }
    }

    /// Closes the channel (channel.close) without waiting: replies still owed to cancelled calls are dropped, and
    /// the number is free once the broker's close-ok arrives.
    public func close() {
        let send = state.withLock { state -> Bool in
            guard !state.machine.isClosed, !state.machine.isClosing else { return false }
            state.machine.closing()
            return true
        }
        fail(ConnectorError(.upstreamError, message: "The channel was closed."))
        if send { connection.send([.method(channel: id, .channelClose(AMQP.Channel.Close(replyCode: 200, replyText: "bye")))]) }
    }
}

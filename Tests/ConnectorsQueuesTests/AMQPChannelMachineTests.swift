import Testing

@testable import ConnectorsQueues

/// A channel's state without a broker: contents put back together, confirms (single, multiple, negative) and
/// returns matched to the message they belong to, and the broker's or our own close.
@Suite struct AMQPChannelMachineTests {
    static func message(_ key: String, _ body: String, mandatory: Bool = true) -> AMQPOutgoing {
        AMQPOutgoing(exchange: "orders", routingKey: key, mandatory: mandatory, body: Array(body.utf8))
    }

    @Test func contentsArriveInPieces() throws {
        var machine = AMQPChannelMachine()
        let deliver = AMQP.Basic.Deliver(consumerTag: "c", deliveryTag: 1, redelivered: true, exchange: "", routingKey: "q")
        #expect(try machine.receive(.method(channel: 1, .basicDeliver(deliver))).isEmpty)
        var properties = AMQPBasicProperties()
        properties.messageId = "m"
        #expect(try machine.receive(.header(channel: 1, AMQPContentHeader(bodySize: 5, properties: properties))).isEmpty)
        #expect(try machine.receive(.body(channel: 1, Array("hel".utf8))).isEmpty)
        let actions = try machine.receive(.body(channel: 1, Array("lo".utf8)))
        guard case .deliver("c", let incoming)? = actions.first else { throw AMQPWireError("no delivery: \(actions)") }
        #expect(incoming.body == Array("hello".utf8) && incoming.properties.messageId == "m")
        #expect(throws: AMQPWireError.self) { try machine.receive(.body(channel: 1, [1])) }

        var empty = AMQPChannelMachine()
        _ = try empty.receive(.method(channel: 1, .basicGetOk(AMQP.Basic.GetOk(deliveryTag: 1))))
        let got = try empty.receive(.header(channel: 1, AMQPContentHeader(bodySize: 0, properties: AMQPBasicProperties())))
        guard case .reply(let reply)? = got.first, case .basicGetOk = reply.method else { throw AMQPWireError("no reply: \(got)") }
    }

    /// The return of the second message arrives while the first still waits for its confirm (a durable queue's
    /// fsync): the return belongs to the message it matches, not to the oldest one.
    @Test func returnsAndConfirmsSettleTheRightMessages() throws {
        var machine = AMQPChannelMachine()
        let first = machine.published(Self.message("eu", "a"))
        let second = machine.published(Self.message("nowhere", "b"))
        let third = machine.published(Self.message("eu", "c", mandatory: false))
        let fourth = machine.published(Self.message("eu", "d"))
        #expect([first, second, third, fourth] == [1, 2, 3, 4])
        _ = try machine.receive(.method(channel: 1, .basicReturn(AMQP.Basic.Return(replyCode: 312, replyText: "NO_ROUTE", exchange: "orders", routingKey: "nowhere"))))
        _ = try machine.receive(.header(channel: 1, AMQPContentHeader(bodySize: 1, properties: AMQPBasicProperties())))
        #expect(try machine.receive(.body(channel: 1, Array("b".utf8))).isEmpty)
        let settled = try machine.receive(.method(channel: 1, .basicAck(AMQP.Basic.Ack(deliveryTag: 3, multiple: true))))
        guard case .settled(let outcomes)? = settled.first else { throw AMQPWireError("nothing settled") }
        #expect(outcomes == [1: .confirmed, 2: .unroutable(replyCode: 312, replyText: "NO_ROUTE"), 3: .confirmed])
        let rejected = try machine.receive(.method(channel: 1, .basicNack(AMQP.Basic.Nack(deliveryTag: 4))))
        guard case .settled(let last)? = rejected.first else { throw AMQPWireError("nothing settled") }
        #expect(last == [4: .rejected] && machine.pending.isEmpty)
    }

    @Test func closesFromEitherSide() throws {
        var machine = AMQPChannelMachine()
        let actions = try machine.receive(.method(channel: 1, .channelClose(AMQP.Channel.Close(replyCode: 404, replyText: "NOT_FOUND - no queue 'q'", classId: 50, methodId: 10))))
        guard case .send(.channelCloseOk)? = actions.first, case .closed(404, _, 50, 10)? = actions.last else { throw AMQPWireError("\(actions)") }
        #expect(machine.isClosed && AMQPMethod.name(classID: 50, methodID: 10) == "queue.declare")

        var ours = AMQPChannelMachine()
        ours.closing()
        #expect(try ours.receive(.method(channel: 1, .queueDeclareOk(AMQP.Queue.DeclareOk(queue: "late")))).isEmpty, "a reply owed to a cancelled call is dropped")
        guard case .released? = try ours.receive(.method(channel: 1, .channelCloseOk(AMQP.Channel.CloseOk()))).first else { throw AMQPWireError("not released") }
    }
}

import NIOCore
import Testing

@testable import ConnectorsQueues

/// AMQP frames, methods (generated from the specification), content headers and field tables, byte for byte as
/// pika 1.4.4 marshals them.
@Suite struct AMQPWireTests {
    static func encoded(_ frame: AMQPFrame) -> [UInt8] {
        var buffer = ByteBuffer()
        frame.encode(into: &buffer)
        return Array(buffer.readableBytesView)
    }

    static func decoded(_ hex: String) throws -> AMQPFrame? {
        var buffer = ByteBuffer(bytes: KafkaWireTests.hex(hex))
        let frame = try AMQPFrame.decode(from: &buffer, maxSize: 131_072)
        #expect(buffer.readableBytes == 0)
        return frame
    }

    @Test func methodsAsPikaWritesThem() throws {
        let publish = "01000100000015003c00280000066f72646572730665752e6e657701ce"
        let frame = AMQPFrame.method(channel: 1, .basicPublish(AMQP.Basic.Publish(exchange: "orders", routingKey: "eu.new", mandatory: true)))
        #expect(Self.encoded(frame) == KafkaWireTests.hex(publish))
        #expect(try Self.decoded(publish) == frame)

        let declare = "010002000000290032000a0000046a6f627302000000190c782d71756575652d747970655300000007636c6173736963ce"
        let queue = AMQP.Queue.Declare(queue: "jobs", durable: true, arguments: ["x-queue-type": .string(Array("classic".utf8))])
        #expect(Self.encoded(.method(channel: 2, .queueDeclare(queue))) == KafkaWireTests.hex(declare))

        let deliver = "01000100000018003c003c046374616700000000000000050100046a6f6273ce"
        guard case .method(1, .basicDeliver(let delivery))? = try Self.decoded(deliver) else {
            Issue.record("not a deliver")
            return
        }
        #expect(delivery.consumerTag == "ctag" && delivery.deliveryTag == 5 && delivery.redelivered && delivery.routingKey == "jobs")
    }

    @Test func contentHeadersAsPikaWritesThem() throws {
        var properties = AMQPBasicProperties()
        properties.contentType = "application/json"
        properties.deliveryMode = 2
        properties.headers = ["ok": .bool(true), "source": .string(Array("plugboard".utf8))]
        properties.messageId = "m-1"
        properties.timestamp = 1_700_000_000
        let header = "0200010000004a003c0000000000000000000bb0c0106170706c69636174696f6e2f6a736f6e0000001a026f6b740106736f757263655300000009706c7567626f61726402036d2d31000000006553f100ce"
        let frame = AMQPFrame.header(channel: 1, AMQPContentHeader(bodySize: 11, properties: properties))
        #expect(Self.encoded(frame) == KafkaWireTests.hex(header))
        #expect(try Self.decoded(header) == frame)
    }

    /// pika's own choice of types (32-bit `I` for small integers, `l` for large ones, arrays, nested tables, void)
    /// reads back, and turns into JSON as users see it.
    @Test func tablesPikaWritesReadBack() throws {
        let header = "0200030000004a003c00000000000000000000200000000038016e4900000007036269676c0000010000000000046c697374410000000b5300000001614900000001066e65737465644600000003017856ce"
        guard case .header(3, let content)? = try Self.decoded(header), let headers = content.properties.headers else {
            Issue.record("not a header with headers")
            return
        }
        #expect(headers["n"] == .int32(7) && headers["big"] == .int64(1 << 40))
        #expect(headers["list"] == .array([.string(Array("a".utf8)), .int32(1)]) && headers["nested"] == .table(["x": .void]))
        #expect(AMQPFieldValue.table(headers).json == ["big": 1_099_511_627_776, "list": ["a", 1], "n": 7, "nested": ["x": nil]])
    }

    @Test func partialAndDamagedFrames() throws {
        let publish = KafkaWireTests.hex("01000100000015003c00280000066f72646572730665752e6e657701ce")
        var partial = ByteBuffer(bytes: publish.dropLast(3))
        #expect(try AMQPFrame.decode(from: &partial, maxSize: 131_072) == nil, "not all there yet")
        #expect(partial.readerIndex == 0)
        var damaged = ByteBuffer(bytes: publish.dropLast() + [0x00])
        #expect(throws: AMQPWireError("a frame does not end with 0xCE")) { try AMQPFrame.decode(from: &damaged, maxSize: 131_072) }
        var large = ByteBuffer(bytes: publish)
        #expect(throws: AMQPWireError.self) { try AMQPFrame.decode(from: &large, maxSize: 8) }
        var heartbeat = ByteBuffer(bytes: [8, 0, 0, 0, 0, 0, 0, 0xCE])
        #expect(try AMQPFrame.decode(from: &heartbeat, maxSize: 8) == .heartbeat)
    }

    @Test func jsonHeadersBecomeFields() throws {
        let value = AMQPFieldValue(json: ["text": "x", "count": 3, "ratio": 0.5, "on": true, "none": nil, "list": [1, "a"]])
        #expect(value == .table([
            "text": .string([0x78]), "count": .int64(3), "ratio": .double(0.5), "on": .bool(true), "none": .void,
            "list": .array([.int64(1), .string([0x61])]),
        ]))
        var buffer = ByteBuffer()
        buffer.writeAMQPFieldValue(value)
        #expect(try buffer.readAMQPFieldValue() == value)
    }
}

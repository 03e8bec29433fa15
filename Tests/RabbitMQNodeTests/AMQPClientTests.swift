import Foundation
import PlugboardCore
import PlugboardNetwork
import PlugboardTestSupport
import Testing

@testable import ConnectorsQueues

/// Every test on the one RabbitMQ node, one at a time: one of them stops and starts the broker's application.
@Suite(.serialized) struct RabbitMQBrokerTests {}

extension RabbitMQBrokerTests {
    /// Our AMQP 0-9-1 client against RabbitMQ 3.10 (scripts/services/rabbitmq.sh), with pika as the independent client.
    @Suite struct AMQPClientTests {
        struct Broker {
            let port: Int
            let tlsPort: Int
            let caFile: String
            let user: String
            let password: String
            let ctl: String

            static func fromEnvironment() throws -> Broker {
                let environment = ProcessInfo.processInfo.environment
                let hint = Comment(rawValue: "PLUGBOARD_TEST_RABBITMQ_* is not set: run the tests with scripts/test.sh, which starts RabbitMQ.")
                return Broker(
                    port: try #require(environment["PLUGBOARD_TEST_RABBITMQ_PORT"].flatMap(Int.init), hint),
                    tlsPort: try #require(environment["PLUGBOARD_TEST_RABBITMQ_TLS_PORT"].flatMap(Int.init), hint),
                    caFile: try #require(environment["PLUGBOARD_TEST_RABBITMQ_CA"], hint),
                    user: try #require(environment["PLUGBOARD_TEST_RABBITMQ_USER"], hint),
                    password: try #require(environment["PLUGBOARD_TEST_RABBITMQ_PASSWORD"], hint),
                    ctl: try #require(environment["PLUGBOARD_TEST_RABBITMQ_CTL"], hint))
            }

            func options(password: String? = nil, virtualHost: String = "/") -> AMQPConnection.Options {
                AMQPConnection.Options(host: "127.0.0.1", port: port, virtualHost: virtualHost, username: user, password: password ?? self.password)
            }

            /// Runs Tests/RabbitMQNodeTests/Python/rabbit_check.py and returns its output.
            func pika(_ arguments: [String]) async throws -> String {
                let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/rabbit_check.py").path
                let result = try await Subprocess.capture("/usr/bin/env", ["python3", script, String(port), user, password] + arguments)
                guard result.status == 0 else { throw TestServerError("pika \(arguments.first ?? "") failed: \(result.errorText.suffix(800))") }
                return String(decoding: result.output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }

        static let network = GuardedNetwork(policy: EgressPolicy(allowed: EgressPolicy.loopback))

        static func queueName() -> String { "plugboard-\(UUID().uuidString.prefix(8).lowercased())" }

        @Test func publishConfirmGetAndConsume() async throws {
            let broker = try Broker.fromEnvironment()
            let connection = try await AMQPConnection.connect(broker.options(), network: Self.network)
            defer { Task { await connection.close() } }
            #expect(connection.frameMax == 131_072 && connection.heartbeatSeconds == 30)
            let channel = try await connection.openChannel()
            let queue = Self.queueName()
            let declared = try await channel.call(.queueDeclare(AMQP.Queue.Declare(queue: queue, durable: true)), doing: "declare")
            guard case .queueDeclareOk(let ok) = declared.method else { throw TestServerError("not declare-ok: \(declared)") }
            #expect(ok.queue == queue && ok.messageCount == 0)

            var properties = AMQPBasicProperties()
            properties.contentType = "text/plain"
            properties.headers = ["source": .string(Array("plugboard".utf8)), "n": .int64(7)]
            properties.messageId = "m-1"
            let big = [UInt8](repeating: 0x61, count: 300_000)
            let outcomes = try await channel.publish([
                AMQPOutgoing(exchange: "", routingKey: queue, mandatory: true, properties: properties, body: Array("hello".utf8)),
                AMQPOutgoing(exchange: "", routingKey: "no-such-queue-\(queue)", mandatory: true, body: Array("lost".utf8)),
                AMQPOutgoing(exchange: "", routingKey: queue, body: big),
            ])
            #expect(outcomes.count == 3 && outcomes[0] == .confirmed && outcomes[2] == .confirmed)
            #expect(outcomes[1] == .unroutable(replyCode: 312, replyText: "NO_ROUTE"), "\(outcomes)")

            // pika reads the first; we get the second (the 300 kB body in several frames).
            let read = try JSONParser.parse(Array(try await broker.pika(["get", queue]).utf8))
            #expect(read["body"] == "hello" && read["properties"]?["headers"]?["source"] == "plugboard" && read["properties"]?["message_id"] == "m-1", "\(read)")
            let got = try await channel.call(.basicGet(AMQP.Basic.Get(queue: queue, noAck: true)), doing: "get")
            guard case .basicGetOk = got.method else { throw TestServerError("not get-ok: \(got.method)") }
            #expect(got.body == big)
            let empty = try await channel.call(.basicGet(AMQP.Basic.Get(queue: queue, noAck: true)), doing: "get")
            guard case .basicGetEmpty = empty.method else { throw TestServerError("not get-empty: \(empty.method)") }

            // pika publishes; a consumer gets it with its properties, and an unacked delivery comes back redelivered.
            #expect(try await broker.pika(["publish", "", queue, "from pika", #"{"headers": {"k": "v"}, "correlation_id": "c-9"}"#]) == "ok")
            _ = try await channel.call(.basicQos(AMQP.Basic.Qos(prefetchCount: 1)), doing: "qos")
            let consumer = try await connection.openChannel()
            let deliveries = try await consumer.consume(queue: queue, tag: "test-consumer")
            var iterator = deliveries.makeAsyncIterator()
            let first = try #require(try await iterator.next())
            guard case .basicDeliver(let deliver) = first.method else { throw TestServerError("not a deliver") }
            #expect(String(decoding: first.body, as: UTF8.self) == "from pika" && first.properties.correlationId == "c-9" && !deliver.redelivered)
            #expect(first.properties.headers?["k"] == .string(Array("v".utf8)))
            consumer.close()
            #expect(try await eventually { try await broker.pika(["count", queue]) == "1" }, "the unacked message is back in the queue")
            let again = try await channel.call(.basicGet(AMQP.Basic.Get(queue: queue)), doing: "get")
            guard case .basicGetOk(let redelivered) = again.method else { throw TestServerError("not get-ok") }
            #expect(redelivered.redelivered)
            channel.send(.basicAck(AMQP.Basic.Ack(deliveryTag: redelivered.deliveryTag)))
            #expect(try await eventually { try await broker.pika(["count", queue]) == "0" })
        }

        @Test func refusalsAreClear() async throws {
            let broker = try Broker.fromEnvironment()
            await #expect {
                _ = try await AMQPConnection.connect(broker.options(password: "wrong-password-3"), network: Self.network)
            } throws: { error in
                (error as? ConnectorError)?.code == .authenticationFailed && !"\(error)".contains("wrong-password-3")
            }
            await #expect {
                _ = try await AMQPConnection.connect(broker.options(virtualHost: "no-such-vhost"), network: Self.network)
            } throws: { error in
                (error as? ConnectorError)?.code == .permissionDenied && (error as? ConnectorError)?.field == "virtualHost"
            }
            let connection = try await AMQPConnection.connect(broker.options(), network: Self.network)
            defer { Task { await connection.close() } }
            let pool = AMQPChannelPool(connection: connection, limit: 2)
            await #expect {
                try await pool.withChannel { channel in
                    try await channel.call(.queueDeclare(AMQP.Queue.Declare(queue: Self.queueName(), passive: true)), doing: "declare")
                }
            } throws: { error in
                (error as? ConnectorError)?.code == .notFound && "\(error)".contains("queue.declare")
            }
            // The closed channel is not lent again; the next call gets a working one.
            let name = Self.queueName()
            let reply = try await pool.withChannel { channel in
                try await channel.call(.queueDeclare(AMQP.Queue.Declare(queue: name, autoDelete: true)), doing: "declare")
            }
            guard case .queueDeclareOk = reply.method else { throw TestServerError("not declare-ok") }
        }
    }
}

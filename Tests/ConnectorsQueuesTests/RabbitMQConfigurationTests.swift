import PlugboardCore
import Testing

@testable import ConnectorsQueues

/// Where a `rabbitmq` connector points: an AMQP URL read as RabbitMQ's URI spec reads it, or the separate fields.
@Suite struct RabbitMQConfigurationTests {
    static func broker(url: String) throws -> (host: String, port: Int, virtualHost: String, tls: Bool) {
        var configuration = RabbitMQConfiguration()
        configuration.url = url
        return try configuration.broker()
    }

    @Test func urlsAsRabbitMQReadsThem() throws {
        let plain = try Self.broker(url: "amqp://rabbit.example.com")
        #expect(plain.host == "rabbit.example.com" && plain.port == 5672 && plain.virtualHost == "/" && !plain.tls)
        let secure = try Self.broker(url: "amqps://rabbit.example.com:5999/orders")
        #expect(secure.port == 5999 && secure.virtualHost == "orders" && secure.tls)
        #expect(try Self.broker(url: "amqps://rabbit.example.com").port == 5671)
        #expect(try Self.broker(url: "amqp://h/").virtualHost == "", "the URI spec's empty virtual host")
        #expect(try Self.broker(url: "amqp://h/%2F").virtualHost == "/")
        #expect(try Self.broker(url: "amqp://[2001:db8::1]:5673/v").host == "2001:db8::1")
        #expect(throws: ConnectorError.self) { try Self.broker(url: "amqp://guest:guest@h/") }
        #expect(throws: ConnectorError.self) { try Self.broker(url: "http://h/") }
        #expect(throws: ConnectorError.self) { try Self.broker(url: "amqp://h/a/b") }
    }

    @Test func fieldsWithoutAURL() throws {
        var configuration = RabbitMQConfiguration()
        configuration.host = "10.0.0.5"
        configuration.tls = true
        let broker = try configuration.broker()
        #expect(broker.host == "10.0.0.5" && broker.port == 5671 && broker.virtualHost == "/" && broker.tls)
        #expect(throws: ConnectorError.self) { try RabbitMQConfiguration().validate() }
        configuration.host = "amqp://10.0.0.5"
        #expect(throws: ConnectorError.self) { try configuration.validate() }
    }
}

import PlugboardCore

/// One `rabbitmq` connector's session: one connection, whose channels the calls share out, one each.
public struct RabbitMQSession: ConnectorSession {
    public let configuration: RabbitMQConfiguration
    let connection: AMQPConnection
    let channels: AMQPChannelPool

    static func open(_ configuration: RabbitMQConfiguration, context: SessionContext) async throws -> RabbitMQSession {
        var options = try configuration.options(context.credential)
        options.connectTimeout = min(options.connectTimeout, max(context.remaining, .milliseconds(100)))
        let connection = try await AMQPConnection.connect(options, network: context.network)
        return RabbitMQSession(configuration: configuration, connection: connection, channels: AMQPChannelPool(connection: connection, limit: configuration.channels))
    }

    /// A broker that closed the connection (it restarted) makes the pool open a new session.
    public var isUsable: Bool { connection.isActive }

    public func close() async {
        channels.close()
        await connection.close()
    }

    /// Runs a synchronous method on a channel of its own and returns the reply.
    func call(_ method: AMQPMethod, doing action: String) async throws -> AMQPIncoming {
        try await channels.withChannel { channel in try await channel.call(method, doing: action) }
    }
}

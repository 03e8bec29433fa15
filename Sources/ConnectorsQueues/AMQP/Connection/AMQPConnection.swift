import NIOCore
import PlugboardCore

/// One AMQP 0-9-1 connection over the guarded dial: the handshake (PLAIN login, tuning, the virtual host),
/// heartbeats both ways, and channels multiplexed on it, each with its own state.
public final class AMQPConnection: Sendable {
    public struct Options: Sendable {
        public var host: String
        public var port: Int
        public var tls: TLSOptions?
        public var virtualHost: String
        public var username: String
        public var password: String
        /// Proposed to the broker, which may ask for less; zero turns heartbeats off.
        public var heartbeat: Duration
        public var connectTimeout: Duration
        /// Shown in the broker's connection list.
        public var connectionName: String

        public init(
            host: String, port: Int, tls: TLSOptions? = nil, virtualHost: String = "/", username: String = "guest", password: String = "guest",
            heartbeat: Duration = .seconds(30), connectTimeout: Duration = .seconds(15), connectionName: String = "Plugboard"
        ) {
            self.host = host
            self.port = port
            self.tls = tls
            self.virtualHost = virtualHost
            self.username = username
            self.password = password
            self.heartbeat = heartbeat
            self.connectTimeout = connectTimeout
            self.connectionName = connectionName
        }
    }

    /// The largest frame either side sends; bodies are cut into frames of this size.
    static let maximumFrame: UInt32 = 131_072

    let channel: any Channel
    let handler: AMQPConnectionHandler
    public let endpoint: String
    public let virtualHost: String
    public let frameMax: UInt32
    public let channelMax: UInt16
    /// Seconds between heartbeats, as agreed; zero for none.
    public let heartbeatSeconds: UInt16

    private init(
        channel: any Channel, handler: AMQPConnectionHandler, endpoint: String, virtualHost: String, frameMax: UInt32, channelMax: UInt16,
        heartbeatSeconds: UInt16
    ) {
        self.channel = channel
        self.handler = handler
        self.endpoint = endpoint
        self.virtualHost = virtualHost
        self.frameMax = frameMax
        self.channelMax = channelMax
        self.heartbeatSeconds = heartbeatSeconds
    }

    /// Connects through the egress guard (TLS when `options.tls` is set), logs in and opens the virtual host.
    public static func connect(_ options: Options, network: any NetworkAccess) async throws -> AMQPConnection {
        let endpoint = options.host.contains(":") ? "[\(options.host)]:\(options.port)" : "\(options.host):\(options.port)"
        let handler = AMQPConnectionHandler(endpoint: endpoint)
        let channel = try await network.connectTCP(
            TCPConnectOptions(host: options.host, port: options.port, connectTimeout: options.connectTimeout, tls: options.tls))
        do {
            try await channel.eventLoop.submit {
                try channel.pipeline.syncOperations.addHandlers(
                    ByteToMessageHandler(AMQPFrameDecoder(maxSize: Int(maximumFrame))), handler)
            }.get()
            return try await handshake(options, channel: channel, handler: handler, endpoint: endpoint)
        } catch {
            try? await channel.close()
            throw error
        }
    }

    private static func handshake(
        _ options: Options, channel: any Channel, handler: AMQPConnectionHandler, endpoint: String
    ) async throws -> AMQPConnection {
        try await channel.writeAndFlush(ByteBuffer(bytes: AMQP.protocolHeader))
        guard case .connectionStart(let start) = try await handler.nextConnectionMethod(during: "its greeting") else {
            throw ConnectorError(.upstreamError, message: "The server at \(endpoint) did not greet as an AMQP 0-9-1 broker.")
        }
        let mechanisms = String(decoding: start.mechanisms, as: UTF8.self).split(separator: " ")
        guard mechanisms.contains("PLAIN") else {
            throw ConnectorError(
                .upstreamError, message: "RabbitMQ at \(endpoint) offers no PLAIN login (it offers \(mechanisms.joined(separator: ", "))).",
                fix: "Enable the PLAIN mechanism (auth_mechanisms) on the broker.")
        }
        let capabilities: AMQPTable = [
            "publisher_confirms": .bool(true), "basic.nack": .bool(true), "consumer_cancel_notify": .bool(true),
            "authentication_failure_close": .bool(true), "exchange_exchange_bindings": .bool(true),
        ]
        let properties: AMQPTable = [
            "product": .string(Array("Plugboard".utf8)), "platform": .string(Array("Swift".utf8)),
            "connection_name": .string(Array(options.connectionName.utf8)), "capabilities": .table(capabilities),
        ]
        let login = [0] + Array(options.username.utf8) + [0] + Array(options.password.utf8)
        handler.send(
            [.method(channel: 0, .connectionStartOk(AMQP.Connection.StartOk(clientProperties: properties, mechanism: "PLAIN", response: login, locale: "en_US")))],
            on: channel)
        let tune: AMQP.Connection.Tune
        switch try await handler.nextConnectionMethod(during: "the login") {
        case .connectionTune(let value): tune = value
        default: throw ConnectorError(.upstreamError, message: "RabbitMQ at \(endpoint) answered the login with something other than connection.tune.")
        }
        let channelMax = tune.channelMax == 0 ? 2047 : min(2047, tune.channelMax)
        let frameMax = tune.frameMax == 0 ? maximumFrame : min(maximumFrame, tune.frameMax)
        let proposed = UInt16(clamping: options.heartbeat.components.seconds)
        let heartbeat = tune.heartbeat == 0 || proposed == 0 ? proposed : min(proposed, tune.heartbeat)
        handler.send(
            [
                .method(channel: 0, .connectionTuneOk(AMQP.Connection.TuneOk(channelMax: channelMax, frameMax: frameMax, heartbeat: heartbeat))),
                .method(channel: 0, .connectionOpen(AMQP.Connection.Open(virtualHost: options.virtualHost))),
            ], on: channel)
        guard case .connectionOpenOk = try await handler.nextConnectionMethod(during: "opening the virtual host '\(options.virtualHost)'") else {
            throw ConnectorError(.upstreamError, message: "RabbitMQ at \(endpoint) did not open the virtual host '\(options.virtualHost)'.")
        }
        handler.opened()
        if heartbeat > 0 { handler.startHeartbeats(every: .seconds(Int64(heartbeat)), on: channel) }
        return AMQPConnection(
            channel: channel, handler: handler, endpoint: endpoint, virtualHost: options.virtualHost, frameMax: frameMax, channelMax: channelMax,
            heartbeatSeconds: heartbeat)
    }

    public var isActive: Bool { channel.isActive && handler.failure == nil }

    /// The reason the connection ended, once it has.
    public var failure: ConnectorError? { handler.failure }

    /// Opens a channel on the lowest free number.
    public func openChannel() async throws -> AMQPChannel {
        let opened = try handler.register(channelMax: channelMax) { AMQPChannel(id: $0, connection: self) }
        do {
            _ = try await opened.call(.channelOpen(AMQP.Channel.Open()), doing: "open a channel")
            return opened
        } catch {
            forget(opened)
            throw error
        }
    }

    /// Writes frames in one go (a publish's method, header and body frames stay together).
    func send(_ frames: [AMQPFrame]) {
        handler.send(frames, on: channel)
    }

    /// The channel is gone: its number may be used again.
    func forget(_ closed: AMQPChannel) {
        handler.unregister(closed.id)
    }

    /// connection.close, then the socket once the broker's close-ok came, or after two seconds without it.
    public func close() async {
        if isActive {
            send([.method(channel: 0, .connectionClose(AMQP.Connection.Close(replyCode: 200, replyText: "bye")))])
            // The socket closing (by this timer, or by the broker after close-ok) also ends the wait.
            let timer = channel.eventLoop.scheduleTask(in: .seconds(2)) { [channel] in channel.close(promise: nil) }
            _ = try? await handler.nextConnectionMethod(during: "closing")
            timer.cancel()
        }
        try? await channel.close()
    }
}

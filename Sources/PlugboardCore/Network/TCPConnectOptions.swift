import NIOCore

/// Where and how a guarded TCP connection is opened.
public struct TCPConnectOptions: Sendable {
    /// A host name or an IP literal; resolved once, and every address checked by the egress guard.
    public var host: String
    /// The service's TCP port.
    public var port: Int
    /// Time allowed to establish the TCP connection, and then the TLS handshake.
    public var connectTimeout: Duration
    /// TLS set up right after connecting; nil for plain TCP (a protocol may still upgrade later with `startTLS`).
    public var tls: TLSOptions?
    /// Handlers in the pipeline before the first byte is read, for protocols where the server speaks first (SMTP's
    /// and FTP's greetings), which a handler added after connecting could miss.
    public var handlers: @Sendable () -> [any ChannelHandler & Sendable] = { [] }

    public init(host: String, port: Int, connectTimeout: Duration = .seconds(10), tls: TLSOptions? = nil) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
        self.tls = tls
    }

    /// `host:port`, with brackets around IPv6 literals, for messages.
    public var endpoint: String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

/// Where and how a guarded TCP connection is opened.
public struct TCPConnectOptions: Sendable, Hashable {
    /// A host name or an IP literal; resolved once, and every address checked by the egress guard.
    public var host: String
    /// The service's TCP port.
    public var port: Int
    /// Time allowed to establish the TCP connection.
    public var connectTimeout: Duration

    public init(host: String, port: Int, connectTimeout: Duration = .seconds(10)) {
        self.host = host
        self.port = port
        self.connectTimeout = connectTimeout
    }

    /// `host:port`, with brackets around IPv6 literals, for messages.
    public var endpoint: String {
        host.contains(":") && !host.hasPrefix("[") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }
}

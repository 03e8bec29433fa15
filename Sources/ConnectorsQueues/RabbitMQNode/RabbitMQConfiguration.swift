import Foundation
import PlugboardCore

/// The `rabbitmq` connector's fields: where the broker is (an AMQP URL, or host, port and virtual host), TLS, and how
/// many channels its one connection lends to calls at once.
public struct RabbitMQConfiguration: ConnectorConfiguration {
    /// `amqp://host:port/vhost` or `amqps://…`, instead of host, port, virtual host and TLS.
    public var url = ""
    public var host = ""
    /// 5672, or 5671 with TLS, when left at zero.
    public var port = 0
    public var virtualHost = "/"
    public var tls = false
    public var verifyTLS = true
    public var caCertificate = ""
    /// Proposed to the broker, which may ask for less; zero turns heartbeats off.
    public var heartbeat: Duration = .seconds(30)
    public var connectTimeout: Duration = .seconds(15)
    /// Channels on the session's connection, one per call in flight.
    public var channels = 8
    /// Deleting exchanges and queues and purging queues are refused unless this is on.
    public var allowAdmin = false

    public init() {}

    public static let fields = FieldList<Self> {
        Field("url", \.url, title: "AMQP URL", description: "amqp://host:5672/vhost or amqps://host/vhost, instead of the fields below; the login comes from the credential.")
        Field("host", \.host, title: "Host", description: "The broker's name or address, when no URL is given.")
        Field("port", \.port, title: "Port", description: "5672, or 5671 with TLS, when left at 0.", minimum: 0, maximum: 65535)
        Field("virtualHost", \.virtualHost, title: "Virtual host", description: "/ for the default one.", minLength: 1)
        Field("tls", \.tls, title: "TLS", description: "AMQPS: TLS from the first byte.")
        Field("verifyTls", \.verifyTLS, title: "Verify TLS certificates", description: "Turn off only for development brokers.")
        Field("caCertificate", \.caCertificate, title: "CA certificate (PEM)", description: "Trusted instead of the system's certificate authorities.")
        Field("heartbeat", \.heartbeat, title: "Heartbeat (seconds)", description: "0 turns heartbeats off.", minimum: .zero, maximum: .seconds(600))
        Field("connectTimeout", \.connectTimeout, title: "Connect timeout (seconds)", minimum: .milliseconds(100), maximum: .seconds(120))
        Field("channels", \.channels, title: "Channels", description: "Calls in flight at once on the connection, one channel each.", minimum: 1, maximum: 256)
        Field("allowAdmin", \.allowAdmin, title: "Allow admin actions", description: "Deleting exchanges and queues and purging queues are refused unless this is on.")
    }

    public func validate() throws(ConnectorError) {
        let broker = try self.broker()
        if broker.host.isEmpty { throw .invalidConfiguration("Give the broker's host, or an AMQP URL.", field: "host") }
        if broker.host.contains(where: { $0 == "/" || $0 == "@" || $0.isWhitespace }) {
            throw .invalidConfiguration("'\(broker.host)' is not a host name or address (no scheme, path or login).", field: "host")
        }
        if !caCertificate.isEmpty, !PEMCertificates.areWellFormed(caCertificate) {
            throw .invalidConfiguration("The CA certificate is not a PEM certificate.", field: "caCertificate")
        }
    }

    /// How the session's connection (and a trigger's own) is made, with the credential's username and password.
    func options(_ credential: Credential?) throws(ConnectorError) -> AMQPConnection.Options {
        guard let credential, credential.kind == .usernamePassword else {
            throw .invalidConfiguration("RabbitMQ needs a username and password credential linked to the connector.", field: "credential")
        }
        let broker = try self.broker()
        return AMQPConnection.Options(
            host: broker.host, port: broker.port,
            tls: broker.tls ? TLSOptions(verification: verifyTLS ? .full : .none, trustRootsPEM: caCertificate.isEmpty ? nil : caCertificate) : nil,
            virtualHost: broker.virtualHost, username: credential["username"] ?? "", password: credential["password"] ?? "",
            heartbeat: heartbeat, connectTimeout: connectTimeout)
    }

    /// Where the broker is: from the URL when one is given (as RabbitMQ's URI spec reads it: no path is the
    /// virtual host `/`, `/` alone is the empty one, `%2F` is `/`), else from the fields.
    func broker() throws(ConnectorError) -> (host: String, port: Int, virtualHost: String, tls: Bool) {
        guard !url.isEmpty else { return (host, port == 0 ? (tls ? 5671 : 5672) : port, virtualHost, tls) }
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), scheme == "amqp" || scheme == "amqps",
            let host = parts.host, !host.isEmpty
        else {
            throw .invalidConfiguration("'\(url)' is not an AMQP URL such as amqp://rabbitmq:5672/orders.", field: "url")
        }
        guard parts.user == nil, parts.password == nil else {
            throw .invalidConfiguration("Put the username and password in the connector's credential, not in the URL.", field: "url")
        }
        let secure = scheme == "amqps"
        let path = parts.percentEncodedPath
        let virtualHost = path.isEmpty ? "/" : String(path.dropFirst()).removingPercentEncoding ?? String(path.dropFirst())
        guard !virtualHost.contains("/") || virtualHost == "/" else {
            throw .invalidConfiguration("A virtual host in a URL is one path segment; write / as %2F.", field: "url")
        }
        return (host.hasPrefix("[") ? String(host.dropFirst().dropLast()) : host, parts.port ?? (secure ? 5671 : 5672), virtualHost, secure)
    }

    /// Calls share the session's connection, each on a channel of its own.
    public var pooling: PoolSettings { .shared(channels) }
}

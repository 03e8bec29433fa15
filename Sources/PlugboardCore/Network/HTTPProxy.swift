import Foundation

/// An HTTP forward proxy the transport sends requests through, each connection as a `CONNECT host:port` tunnel,
/// so TLS still runs end to end with the target.
///
/// The egress guard checks the proxy's address and the target's: a proxy cannot carry a request to a denied range.
public struct HTTPProxy: Sendable, Hashable {
    /// The proxy's host name or IP address.
    public var host: String
    /// The proxy's port.
    public var port: Int

    /// A proxy at `host:port`.
    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// Reads `http://host:port` as a user writes it; `field` names the option in errors.
    ///
    /// Refuses other schemes, a path, and a user name or password in the URL (proxy authentication is not
    /// supported yet, and a password in a plain option would not be kept secret).
    public init(url text: String, field: String = "proxy") throws(ConnectorError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty else {
            throw .invalidConfiguration("The proxy must be a URL such as http://proxy.internal:3128.", field: field)
        }
        guard scheme == "http" else {
            throw .invalidConfiguration(
                "The proxy must be an http:// URL (the proxy itself is reached in plain HTTP; https targets still use TLS through it).",
                field: field)
        }
        guard url.user == nil, url.password == nil else {
            throw ConnectorError(
                .invalidConfiguration, message: "The proxy URL must not carry a user name or password.",
                cause: "Proxy authentication is not supported yet, and a password in a connector option would not be kept secret.",
                fix: "Use a proxy that needs no authentication (allow Plugboard's address at the proxy), or wait for a proxy credential field.",
                field: field)
        }
        guard url.path.isEmpty || url.path == "/", url.query == nil, url.fragment == nil else {
            throw .invalidConfiguration("The proxy URL must be only http://host:port, without a path or query.", field: field)
        }
        let port = url.port ?? 80
        guard (1...65535).contains(port) else { throw .invalidConfiguration("The proxy port must be between 1 and 65535.", field: field) }
        self.init(host: host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host, port: port)
    }

    /// `host:port`, IPv6 literals bracketed, for messages.
    public var endpoint: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

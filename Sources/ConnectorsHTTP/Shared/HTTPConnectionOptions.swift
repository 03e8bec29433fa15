import Foundation
import PlugboardCore

/// The connection options every HTTP node reads the same way: default headers, TLS verification, the timeout and the
/// largest response accepted. Node configurations splice them in among their own fields with `FieldGroup(\.connection)`.
public struct HTTPConnectionOptions: FieldSet {
    /// Headers sent with every request; requests and the credential replace them by name.
    public var defaultHeaders: FieldMap<String> = [:]
    /// Verify the server certificate; off only for development servers.
    public var verifyTLS = true
    /// Time one request (or one attempt) may take, connection included.
    public var timeout: Duration = .seconds(30)
    /// Largest response body accepted; larger ones fail with `payload_too_large`.
    public var maxResponseBytes = 16 << 20

    /// The options at their defaults.
    public init() {}

    /// The four fields, in form order.
    public static let fields = FieldList<Self> {
        Field(
            "headers", \.defaultHeaders, title: "Default headers",
            description: "Headers sent with every request. Secrets (Authorization, API keys, cookies) belong in the linked credential.")
        Field(
            "verifyTls", \.verifyTLS, title: "Verify TLS certificates",
            description: "Turn off only for development servers with self-signed certificates.")
        Field(
            "timeout", \.timeout, title: "Timeout (seconds)", description: "How long one request may take, connecting included.",
            minimum: .milliseconds(100), maximum: .seconds(3600))
        Field(
            "maxResponseBytes", \.maxResponseBytes, title: "Maximum response size (bytes)",
            description: "Larger responses fail with payload_too_large.", minimum: 1, maximum: 1 << 30)
    }

    /// Refuses default headers that carry secrets or are not single-line headers.
    public func validate() throws(ConnectorError) {
        try SecretHeaders.refuse(in: headers)
        if let name = headers.first(where: { !HTTPHeaderSyntax.isValid(name: $0.0, value: $0.1) })?.0 {
            throw .invalidConfiguration("The header '\(name)' needs a valid name and a single-line value.", field: "headers.\(name)")
        }
    }

    /// The default headers in the order they were given.
    public var headers: [(String, String)] { defaultHeaders.pairs }

    /// Checks a URL option: absolute http or https with a host, no user name or password, and no fragment unless allowed.
    ///
    /// `what` names the option in messages, such as "The base URL"; `field` is the option's name.
    @discardableResult
    public static func checkURL(_ text: String, field: String, what: String, allowsFragment: Bool = false) throws(ConnectorError) -> URL {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw .invalidConfiguration("\(what) must be an absolute http or https URL.", field: field)
        }
        guard allowsFragment || (url.fragment == nil && !text.contains("#")) else {
            throw .invalidConfiguration("\(what) must not have a fragment (#...).", field: field)
        }
        guard url.user == nil, url.password == nil else {
            throw .invalidConfiguration("\(what) must not carry a user name or password; link a credential instead.", field: field)
        }
        return url
    }

    /// The transport options for these fields, with the node's redirect and connection limits.
    public func clientOptions(
        maxRedirects: Int, maxConnectionsPerHost: Int, clientCertificate: Credential? = nil, proxy: HTTPProxy? = nil
    ) -> HTTPClientOptions {
        HTTPClientOptions(
            verifyTLS: verifyTLS, connectTimeout: min(timeout, .seconds(10)), maxResponseBytes: maxResponseBytes,
            maxRedirects: maxRedirects, maxConnectionsPerHost: maxConnectionsPerHost, clientCertificate: clientCertificate, proxy: proxy)
    }

    /// `host` or `host:port` of `url`, for messages.
    public static func service(of url: String) -> String {
        let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
        return String(afterScheme.prefix { $0 != "/" && $0 != "?" })
    }
}

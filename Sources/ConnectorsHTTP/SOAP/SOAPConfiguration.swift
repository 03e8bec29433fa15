import Foundation
import PlugboardCore

/// The `soap` connector's fields, decoded once from the options a user saved.
public struct SOAPConfiguration: ConnectorConfiguration {
    /// Where the WSDL 1.1 document is fetched from (http or https).
    public var wsdlURL: String
    /// The service to call; nil takes the WSDL's first.
    public var service: String?
    /// The port to call; nil takes the service's first SOAP port (of `soapVersion` when set).
    public var port: String?
    /// A forced SOAP version; nil follows the port's binding.
    public var soapVersion: String?
    /// Replaces the port's address, for staging or a proxy.
    public var endpoint: String?
    /// Time one request may take, connecting included.
    public var timeout: Duration
    /// Verify the server certificate; off only for development servers.
    public var verifyTLS: Bool
    /// How a username and password credential is sent: `wsSecurity`, `basic` or `both`.
    public var authentication: String
    /// `text` sends the password; `digest` sends Base64(SHA-1(nonce + created + password)).
    public var passwordType: String
    /// Largest response body accepted.
    public var maxResponseBytes: Int

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = Schema.object(
        [
            "wsdlUrl": Schema.string(
                title: "WSDL URL", description: "The service's WSDL 1.1 document, such as https://example.com/service?wsdl. Imports are followed.",
                format: "uri"),
            "service": Schema.string(title: "Service", description: "The wsdl:service to use; the first one when empty."),
            "port": Schema.string(title: "Port", description: "The port of the service to use; the first SOAP port when empty."),
            "soapVersion": Schema.string(
                title: "SOAP version", description: "'auto' follows the port's binding; 1.1 or 1.2 picks a port with that binding.",
                default: "auto", enum: ["auto", "1.1", "1.2"]),
            "endpoint": Schema.string(title: "Endpoint override", description: "Sends calls here instead of the port's address.", format: "uri"),
            "timeout": Schema.number(title: "Timeout (seconds)", description: "How long one call may take, connecting included.", default: 30, minimum: 0.1, maximum: 3600),
            "verifyTls": Schema.boolean(
                title: "Verify TLS certificates", description: "Turn off only for development servers with self-signed certificates.", default: true),
            "authentication": Schema.string(
                title: "Send the username and password as",
                description: "For a username and password credential: a WS-Security UsernameToken header, HTTP Basic, or both.",
                default: "wsSecurity", enum: ["wsSecurity", "basic", "both"]),
            "passwordType": Schema.string(
                title: "WS-Security password type", description: "'text' sends PasswordText; 'digest' sends PasswordDigest with a nonce and creation time.",
                default: "text", enum: ["text", "digest"]),
            "maxResponseBytes": Schema.integer(
                title: "Maximum response size (bytes)", description: "Larger responses fail with payload_too_large.", default: 16 << 20, minimum: 1024,
                maximum: 1 << 30),
        ], required: ["wsdlUrl"])

    /// Decodes validated options; refuses URLs that are not http(s) or carry a password.
    public init(options: OptionsReader) throws(ConnectorError) {
        guard let wsdl = options.string("wsdlUrl") else { throw .invalidConfiguration("The WSDL URL is required.", field: "wsdlUrl") }
        wsdlURL = try Self.httpURL(wsdl, field: "wsdlUrl", what: "WSDL URL")
        endpoint = try options.string("endpoint").map { value throws(ConnectorError) in try Self.httpURL(value, field: "endpoint", what: "endpoint") }
        service = options.string("service").flatMap { $0.isEmpty ? nil : $0 }
        port = options.string("port").flatMap { $0.isEmpty ? nil : $0 }
        soapVersion = options.string("soapVersion").flatMap { $0 == "auto" ? nil : $0 }
        timeout = options.seconds("timeout") ?? .seconds(30)
        verifyTLS = options.bool("verifyTls") ?? true
        authentication = options.string("authentication") ?? "wsSecurity"
        passwordType = options.string("passwordType") ?? "text"
        maxResponseBytes = options.integer("maxResponseBytes") ?? 16 << 20
    }

    private static func httpURL(_ text: String, field: String, what: String) throws(ConnectorError) -> String {
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil else {
            throw .invalidConfiguration("The \(what) must be an absolute http or https URL.", field: field)
        }
        if url.user != nil || url.password != nil {
            throw .invalidConfiguration("The \(what) must not carry a user name or password; link a username and password credential instead.", field: field)
        }
        return text
    }

    /// The version the options force, nil to follow the binding.
    var forcedVersion: SOAPVersion? { soapVersion.flatMap(SOAPVersion.init(rawValue:)) }

    /// One shared session serves many calls at once.
    public var pooling: PoolSettings { PoolSettings(size: 64, shared: true) }

    /// The transport options these fields ask for.
    var clientOptions: HTTPClientOptions {
        HTTPClientOptions(
            verifyTLS: verifyTLS, connectTimeout: min(timeout, .seconds(10)), maxResponseBytes: maxResponseBytes, maxRedirects: 5,
            maxConnectionsPerHost: 64)
    }
}

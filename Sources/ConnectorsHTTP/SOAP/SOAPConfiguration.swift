import PlugboardCore

/// The `soap` connector's fields, decoded once from the options a user saved.
public struct SOAPConfiguration: HTTPConnectionConfiguration {
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
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection: HTTPConnectionOptions
    /// How a username and password credential is sent: `wsSecurity`, `basic` or `both`.
    public var authentication: String
    /// `text` sends the password; `digest` sends Base64(SHA-1(nonce + created + password)).
    public var passwordType: String

    /// The connection fields users fill in, and the only names `init(options:)` reads.
    public static let schema: JSONValue = HTTPConnectionOptions.schema(
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
        ],
        trailing: [
            "authentication": Schema.string(
                title: "Send the username and password as",
                description: "For a username and password credential: a WS-Security UsernameToken header, HTTP Basic, or both.",
                default: "wsSecurity", enum: ["wsSecurity", "basic", "both"]),
            "passwordType": Schema.string(
                title: "WS-Security password type", description: "'text' sends PasswordText; 'digest' sends PasswordDigest with a nonce and creation time.",
                default: "text", enum: ["text", "digest"]),
        ], required: ["wsdlUrl"], timeout: "How long one call may take, connecting included.", maxResponseBytesMinimum: 1024)

    /// Decodes validated options; refuses URLs that are not http(s) or carry a password, and secret default headers.
    public init(options: OptionsReader) throws(ConnectorError) {
        guard let wsdl = options.string("wsdlUrl") else { throw .invalidConfiguration("The WSDL URL is required.", field: "wsdlUrl") }
        try HTTPConnectionOptions.checkURL(wsdl, field: "wsdlUrl", what: "The WSDL URL", allowsFragment: true)
        wsdlURL = wsdl
        endpoint = options.string("endpoint")
        if let endpoint { try HTTPConnectionOptions.checkURL(endpoint, field: "endpoint", what: "The endpoint", allowsFragment: true) }
        service = options.string("service").flatMap { $0.isEmpty ? nil : $0 }
        port = options.string("port").flatMap { $0.isEmpty ? nil : $0 }
        soapVersion = options.string("soapVersion").flatMap { $0 == "auto" ? nil : $0 }
        connection = try HTTPConnectionOptions(options: options)
        authentication = options.string("authentication") ?? "wsSecurity"
        passwordType = options.string("passwordType") ?? "text"
    }

    /// The version the options force, nil to follow the binding.
    var forcedVersion: SOAPVersion? { soapVersion.flatMap(SOAPVersion.init(rawValue:)) }

    /// One shared session serves many calls at once.
    public var pooling: PoolSettings { .shared(64) }

    /// The transport options these fields ask for.
    var clientOptions: HTTPClientOptions {
        connection.clientOptions(maxRedirects: 5, maxConnectionsPerHost: 64)
    }
}

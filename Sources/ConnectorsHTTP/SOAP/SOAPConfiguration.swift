import PlugboardCore

/// The `soap` connector's fields, decoded once from the options a user saved.
public struct SOAPConfiguration: HTTPConnectionConfiguration {
    /// How a username and password credential is sent.
    public enum Authentication: String, FieldChoice {
        case wsSecurity, basic, both
    }

    /// How WS-Security sends the password.
    public enum PasswordType: String, FieldChoice {
        /// The password itself.
        case text
        /// Base64(SHA-1(nonce + created + password)).
        case digest
    }

    /// Where the WSDL 1.1 document is fetched from (http or https).
    public var wsdlURL = ""
    /// The service to call; empty takes the WSDL's first.
    public var serviceName = ""
    /// The port to call; empty takes the service's first SOAP port (of the forced version when set).
    public var portName = ""
    /// `auto`, `1.1` or `1.2`.
    public var version = "auto"
    /// Replaces the port's address, for staging or a proxy.
    public var endpoint: String?
    /// Default headers, TLS verification, timeout and response limit; read as this configuration's own fields.
    public var connection = HTTPConnectionOptions()
    /// How a username and password credential is sent.
    public var authentication = Authentication.wsSecurity
    /// How WS-Security sends the password.
    public var passwordType = PasswordType.text

    /// The options at their defaults.
    public init() {}

    /// The connection fields users fill in: the schema, the decoder and the defaults in one declaration.
    public static let fields = FieldList<Self> {
        Field(
            "wsdlUrl", \.wsdlURL, title: "WSDL URL",
            description: "The service's WSDL 1.1 document, such as https://example.com/service?wsdl. Imports are followed.", format: "uri",
            required: true)
        Field("service", \.serviceName, title: "Service", description: "The wsdl:service to use; the first one when empty.")
        Field("port", \.portName, title: "Port", description: "The port of the service to use; the first SOAP port when empty.")
        Field(
            "soapVersion", \.version, title: "SOAP version",
            description: "'auto' follows the port's binding; 1.1 or 1.2 picks a port with that binding.", enum: ["auto", "1.1", "1.2"])
        Field("endpoint", \.endpoint, title: "Endpoint override", description: "Sends calls here instead of the port's address.", format: "uri")
        FieldGroup(\.connection)
            .describing("timeout", as: "How long one call may take, connecting included.")
            .minimum("maxResponseBytes", 1024)
        Field(
            "authentication", \.authentication, title: "Send the username and password as",
            description: "For a username and password credential: a WS-Security UsernameToken header, HTTP Basic, or both.")
        Field(
            "passwordType", \.passwordType, title: "WS-Security password type",
            description: "'text' sends PasswordText; 'digest' sends PasswordDigest with a nonce and creation time.")
    }

    /// Refuses URLs that are not http(s) or carry a password.
    public func validate() throws(ConnectorError) {
        try HTTPConnectionOptions.checkURL(wsdlURL, field: "wsdlUrl", what: "The WSDL URL", allowsFragment: true)
        if let endpoint { try HTTPConnectionOptions.checkURL(endpoint, field: "endpoint", what: "The endpoint", allowsFragment: true) }
    }

    /// The service to call; nil takes the WSDL's first.
    public var service: String? { serviceName.isEmpty ? nil : serviceName }
    /// The port to call; nil takes the service's first SOAP port.
    public var port: String? { portName.isEmpty ? nil : portName }
    /// A forced SOAP version; nil follows the port's binding.
    public var soapVersion: String? { version == "auto" ? nil : version }

    /// The version the options force, nil to follow the binding.
    var forcedVersion: SOAPVersion? { soapVersion.flatMap(SOAPVersion.init(rawValue:)) }

    /// One shared session serves many calls at once.
    public var pooling: PoolSettings { .shared(64) }

    /// The transport options these fields ask for.
    var clientOptions: HTTPClientOptions {
        connection.clientOptions(maxRedirects: 5, maxConnectionsPerHost: 64)
    }
}

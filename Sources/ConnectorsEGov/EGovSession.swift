import ConnectorsHTTP
import ConnectorsSigning
import PlugboardCore
import X509

/// One `egov-gateway` connector's session: the signing key and the sender's password from the credential, read once,
/// and an HTTP client for each channel. Every message is built, signed and sent whole.
public struct EGovSession: ConnectorSession {
    public let configuration: EGovConfiguration
    let key: SigningKey
    let password: String
    /// SmartBridge's certificate; answers must be signed by it when it is given.
    let gateway: Certificate?
    let sync: HTTPServiceClient
    let async: HTTPServiceClient?

    init(configuration: EGovConfiguration, credential: Credential?, transport: any HTTPTransport) throws(ConnectorError) {
        guard let credential, credential.kind == .signingKey else {
            throw ConnectorError(
                .invalidConfiguration, message: "SmartBridge needs a signing key.",
                fix: "Link a signing_key credential with the sender's key and certificate, and its password as loginPassword.")
        }
        self.configuration = configuration
        key = try SigningKey.load(credential.fields)
        password = credential["loginPassword"] ?? ""
        gateway = try configuration.gateway()
        sync = Self.client(configuration.serviceURL, configuration, transport)
        async = configuration.asyncURL.isEmpty ? nil : Self.client(configuration.asyncURL, configuration, transport)
    }

    static func client(_ url: String, _ configuration: EGovConfiguration, _ transport: any HTTPTransport) -> HTTPServiceClient {
        let service = HTTPService(
            name: HTTPConnectionOptions.service(of: url), baseURL: url,
            defaultHeaders: configuration.headers + [("Content-Type", "text/xml; charset=utf-8"), ("SOAPAction", "\"\"")],
            attemptTimeout: configuration.timeout, authenticate: { _ throws(ConnectorError) in HTTPAuthentication() },
            failure: { response, redactor in EGovResponse.failure(response, redactor: redactor) })
        return HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await sync.transport.shutdown()
    }

    /// Signs and sends `SendMessage` on `channel`; returns the response's info and data.
    func send(_ channel: EGovChannel, info: EGovRequestInfo, data: XMLTreeElement, context: CallContext) async throws(ConnectorError) -> JSONValue {
        let client = try self.client(channel)
        context.redactor.add([password])
        let envelope = try EGovEnvelope.sendMessage(channel, info: info, data: data, key: key)
        let response = try await client.send(HTTPServiceRequest("POST", "", body: envelope), context: context)
        let root = try EGovResponse.parse(response.body)
        if let gateway { try await EGovResponse.checkSignature(root, by: gateway) }
        return try EGovResponse.read(root, channel: channel)
    }

    /// The client for `channel`; async calls need the AsyncChannel URL.
    func client(_ channel: EGovChannel) throws(ConnectorError) -> HTTPServiceClient {
        guard channel == .async else { return sync }
        guard let async else { throw .invalidConfiguration("Async calls need the AsyncChannel URL.", field: "asyncUrl") }
        return async
    }

    /// A request's metadata for `serviceID`, from this sender.
    func info(serviceID: String, correlationID: String? = nil, messageType: String? = nil, sessionID: String? = nil) -> EGovRequestInfo {
        EGovRequestInfo(
            correlationID: correlationID, serviceID: serviceID, messageType: messageType, senderID: configuration.senderId, password: password,
            sessionID: sessionID)
    }
}

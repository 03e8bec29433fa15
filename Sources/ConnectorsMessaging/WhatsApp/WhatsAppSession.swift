import ConnectorsHTTP
import PlugboardCore

/// One `whatsapp` connector's session: the provider's API as an HTTP service, the token in its header (Meta's
/// bearer token, 360dialog's `D360-API-KEY`), Meta's error envelope read for every failure.
public struct WhatsAppSession: ConnectorSession {
    public let configuration: WhatsAppConfiguration
    let client: HTTPServiceClient

    init(configuration: WhatsAppConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        let provider = configuration.provider
        let service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.endpoint), baseURL: configuration.endpoint,
            defaultHeaders: configuration.headers, attemptTimeout: configuration.timeout,
            authenticate: { credential throws(ConnectorError) in try Self.authenticate(credential, provider: provider) },
            failure: { response, redactor in WhatsAppFailure.error(response, redactor: redactor) })
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    static func authenticate(_ credential: Credential?, provider: WhatsAppConfiguration.Provider) throws(ConnectorError) -> HTTPAuthentication {
        guard let credential else {
            throw ConnectorError(
                .authenticationFailed, message: "A WhatsApp connector needs its access token (Meta) or API key (360dialog) as the credential.",
                fix: "Link a bearer token or API key credential.")
        }
        let secret = try HTTPAuthentication.keyOrToken(of: credential, what: "the access token or API key")
        return provider == .meta
            ? HTTPAuthentication.header("Authorization", "Bearer \(secret)", secret: secret)
            : HTTPAuthentication.header("D360-API-KEY", secret, secret: secret)
    }

    /// POSTs a message body (`messaging_product` added) to `messages`.
    func message(_ body: JSONObject, context: CallContext) async throws(ConnectorError) -> JSONValue {
        var body = body
        body["messaging_product"] = "whatsapp"
        return try await client.sendJSON(
            HTTPServiceRequest("POST", "/messages", headers: [("Content-Type", "application/json")], body: JSONValue.object(body).jsonBytes()),
            context: context)
    }

    /// Uploads media as `multipart/form-data` and returns its id.
    func upload(_ part: MultipartFormBody.Part, type: String, context: CallContext) async throws(ConnectorError) -> JSONValue {
        let body = MultipartFormBody(parts: [
            MultipartFormBody.Part(name: "messaging_product", bytes: Array("whatsapp".utf8)),
            MultipartFormBody.Part(name: "type", bytes: Array(type.utf8)), part,
        ])
        return try await client.sendJSON(
            HTTPServiceRequest("POST", "/media", headers: [("Content-Type", body.contentType)], body: body.bytes), context: context)
    }
}

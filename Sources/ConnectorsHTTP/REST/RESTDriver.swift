import PlugboardCore

/// The `rest` node: calls any HTTP API under one base URL, with the linked credential applied to every request.
public struct RESTDriver: ConnectorDriver {
    /// The node as the catalogue lists it.
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "rest", category: "APIs and protocols", displayName: "REST API",
        description: """
            Call any HTTP or JSON API that has no dedicated connector. Give the API's base URL once; each request names a \
            method, a path under that URL, query parameters, headers and a JSON, text, form, multipart (file upload) or binary \
            body, and returns the status, headers and body (binary responses as base64). Requests can follow further pages \
            (Link header, cursor or page number) and gather their items. The linked credential (API key, bearer token, \
            username and password, OAuth2 with a token refresh after a 401, or a client certificate for mutual TLS) is applied \
            to every request and never shown. Optional: an HTTP proxy, a maximum response size, redirects checked against \
            the egress policy.
            """,
        credentialKinds: [.apiKey, .bearerToken, .usernamePassword, .oauth2, .clientCertificate],
        credentialRequired: false)

    /// The driver; it holds no state.
    public init() {}

    /// One action, `request`.
    public var actions: [ConnectorAction<RESTSession>] { [Self.requestAction] }

    /// Makes the session's HTTP transport; a client certificate credential is handed to it for mutual TLS.
    public func openSession(_ configuration: RESTConfiguration, context: SessionContext) async throws -> RESTSession {
        let transport = try await context.network.makeHTTPClient(configuration.clientOptions(clientCertificate: context.clientCertificate))
        return RESTSession(configuration: configuration, transport: transport)
    }

    /// A GET of the base URL: any HTTP answer proves the round trip, except 401 and 403, which say the credential is refused.
    public func test(_ session: RESTSession, context: CallContext) async throws -> JSONValue {
        let response = try await session.client.exchange(HTTPServiceRequest("GET"), context: context).response
        if response.status == 401 || response.status == 403 { try session.client.check(response, context: context) }
        return ["status": .integer(Int64(response.status)), "url": .string(session.basePrefix)]
    }
}

import PlugboardCore

/// The `openapi` node: reads an OpenAPI 3.0 or 3.1 document and offers each of its operations as an action, with an
/// input schema derived from the operation's parameters and body, validated before anything is sent.
public struct OpenAPIDriver: ConnectorDriver, ConnectorActionProviding, SchemaDiscovering, ConfigurationChecking {
    /// The node as the catalogue lists it.
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "openapi", category: "APIs and protocols", displayName: "OpenAPI",
        description: """
            Call any API described by an OpenAPI 3.0 or 3.1 document, given by URL or inline. Every operation becomes an \
            action named by its operationId, with an input schema built from its path, query and header parameters and its \
            request body; input is checked against it before the request is sent. The linked credential is applied as the \
            document's security schemes say (API key in a header or the query, bearer token, basic, OAuth2).
            """,
        credentialKinds: [.apiKey, .bearerToken, .usernamePassword, .oauth2, .clientCertificate], credentialRequired: false)

    /// The driver; it holds no state.
    public init() {}

    /// The node's own actions; each connector adds one per operation of its document.
    public var actions: [ConnectorAction<OpenAPISession>] { [Self.operationsAction, Self.callAction] }

    /// Loads the document (fetching it when given by URL), chooses the server and makes the HTTP transport.
    public func openSession(_ configuration: OpenAPIConfiguration, context: SessionContext) async throws -> OpenAPISession {
        let spec = try await configuration.loadSpec(network: context.network, deadline: context.deadline)
        let baseURL = try configuration.baseURL(for: spec)
        let transport = try await context.network.makeHTTPClient(configuration.clientOptions(clientCertificate: context.clientCertificate))
        return OpenAPISession(configuration: configuration, spec: spec, baseURL: baseURL, transport: transport)
    }

    /// The document loaded when the session opened; a GET of the server URL proves it answers (any HTTP status will do).
    /// No credential is sent: the document's operations say which security each one needs, and the root needs none.
    public func test(_ session: OpenAPISession, context: CallContext) async throws -> JSONValue {
        let response = try await session.client.exchange(HTTPServiceRequest("GET"), context: context) { _ throws(ConnectorError) in
            HTTPAuthentication()
        }.response
        return [
            "title": .string(session.spec.title), "operations": .integer(Int64(session.spec.operations.count)),
            "server": .string(session.baseURL), "status": .integer(Int64(response.status)),
        ]
    }

    /// One action per operation of the document.
    public func connectorActions(_ session: OpenAPISession, context: CallContext) async throws -> [ConnectorAction<OpenAPISession>] {
        session.spec.operations.map(Self.action(for:))
    }

    /// Fetches and loads a document given by URL before the connector is saved, refusing one the node cannot use.
    public func check(_ configuration: OpenAPIConfiguration, context: CallContext) async throws {
        let spec = try await configuration.loadSpec(network: context.network, deadline: context.deadline)
        _ = try configuration.baseURL(for: spec)
    }

    /// The document's title, servers, security schemes and operations with their input schemas.
    public func discover(_ session: OpenAPISession, context: CallContext) async throws -> JSONValue {
        let spec = session.spec
        var schemes = JSONObject()
        for name in spec.securitySchemes.keys.sorted() { schemes[name] = spec.securitySchemes[name]?.json }
        return [
            "title": .string(spec.title), "version": .string(spec.apiVersion), "openapi": .string(spec.openAPIVersion),
            "server": .string(session.baseURL), "servers": .array(spec.servers.map(\.json)), "securitySchemes": .object(schemes),
            "operations": .array(spec.operations.map { $0.json(includingSchema: true) }),
        ]
    }
}

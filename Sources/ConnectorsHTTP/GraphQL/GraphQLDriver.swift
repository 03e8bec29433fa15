import PlugboardCore

/// The `graphql` node: runs queries and mutations against one GraphQL endpoint, with the linked credential applied,
/// and reads the service's schema through introspection.
public struct GraphQLDriver: ConnectorDriver, SchemaDiscovering {
    /// The node as the catalogue lists it.
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "graphql", category: "APIs and protocols", displayName: "GraphQL API",
        description: """
            Run queries and mutations against any GraphQL endpoint, with variables and an operation name. An answer with \
            errors[] fails even with HTTP 200, and the failure carries the partial data beside the errors. The schema \
            (queries, mutations, their arguments and the types they use) is read through introspection for agents to \
            write operations from. The linked credential (API key, bearer token, username and password, OAuth2 or a client \
            certificate) is applied to every request and never shown.
            """,
        credentialKinds: [.apiKey, .bearerToken, .usernamePassword, .oauth2, .clientCertificate],
        credentialRequired: false)

    /// The driver; it holds no state.
    public init() {}

    /// `query`, `mutate` and `introspect`.
    public var actions: [ConnectorAction<GraphQLSession>] { [Self.queryAction, Self.mutateAction, Self.introspectAction] }

    /// Makes the session's HTTP transport; a client certificate credential is handed to it for mutual TLS.
    public func openSession(_ configuration: GraphQLConfiguration, context: SessionContext) async throws -> GraphQLSession {
        let transport = try await context.network.makeHTTPClient(configuration.clientOptions(clientCertificate: context.clientCertificate))
        return GraphQLSession(configuration: configuration, transport: transport)
    }

    /// A `{ __typename }` round trip: proves the endpoint speaks GraphQL and accepts the credential.
    public func test(_ session: GraphQLSession, context: CallContext) async throws -> JSONValue {
        let output = try await session.run(["query": "{ __typename }"], context: context)
        return ["typename": output["data"]?["__typename"] ?? .null, "endpoint": .string(session.configuration.endpoint)]
    }

    /// The compact schema: queries and mutations with their arguments, and the types they use; read once per session.
    public func discover(_ session: GraphQLSession, context: CallContext) async throws -> JSONValue {
        if let cached = session.schemaCache.value { return cached }
        let schema = try await GraphQLIntrospection.discover(session, context: context)
        session.schemaCache.store(schema)
        return schema
    }
}

import PlugboardCore

/// The `mcp` node: connects to another MCP server over Streamable HTTP or the legacy SSE transport, lists its tools,
/// and offers each tool as an action of the connector.
///
/// Speaks JSON-RPC 2.0 itself over `context.network`, so every request passes the egress guard.
public struct MCPDriver: ConnectorDriver, ConnectorActionProviding, SchemaDiscovering {
    /// The node as the catalogue lists it.
    public static let descriptor = ConnectorTypeDescriptor(
        slug: "mcp", category: "APIs and protocols", displayName: "MCP server",
        description: """
            Use the tools of another Model Context Protocol server. Give its URL and transport (Streamable HTTP, or the \
            legacy HTTP+SSE); Plugboard lists the server's tools and offers each one as an action with the tool's own \
            input schema and annotations, and returns the tool's structured and text results. The linked credential \
            (bearer token, API key, username and password, or OAuth2 client credentials) is sent with every request.
            """,
        credentialKinds: [.bearerToken, .apiKey, .usernamePassword, .oauth2, .clientCertificate],
        credentialRequired: false)

    /// The driver; it holds no state.
    public init() {}

    /// The type's actions: `list_tools` and `call_tool`; each server tool is added by `connectorActions`.
    public var actions: [ConnectorAction<MCPSession>] { [Self.listToolsAction, Self.callToolAction] }

    /// Makes the session's guarded HTTP transport; the MCP connection opens on first use.
    public func openSession(_ configuration: MCPConfiguration, context: SessionContext) async throws -> MCPSession {
        var options = configuration.clientOptions
        options.clientCertificate = context.clientCertificate
        let transport = try await context.network.makeHTTPClient(options)
        return MCPSession(configuration: configuration, transport: transport)
    }

    /// Initializes (when not yet done) and lists the tools; reports the server's name, version and tool count.
    public func test(_ session: MCPSession, context: CallContext) async throws -> JSONValue {
        let call = try session.call(context)
        let tools = try await session.tools(call: call, refresh: true)
        let server = await session.server
        return [
            "server": .string(server?.name ?? ""), "version": .string(server?.version ?? ""),
            "protocolVersion": .string(server?.protocolVersion ?? ""), "transport": .string(session.configuration.transport.rawValue),
            "tools": .integer(Int64(tools.count)),
        ]
    }

    /// One action per server tool, named after the tool.
    public func connectorActions(_ session: MCPSession, context: CallContext) async throws -> [ConnectorAction<MCPSession>] {
        let tools = try await session.tools(call: try session.call(context))
        return Self.toolActions(for: tools)
    }

    /// The server, its protocol version and its tools with their schemas and annotations.
    public func discover(_ session: MCPSession, context: CallContext) async throws -> JSONValue {
        let tools = try await session.tools(call: try session.call(context), refresh: true)
        let server = await session.server
        var description: JSONObject = [
            "name": .string(server?.name ?? ""), "version": .string(server?.version ?? ""),
            "protocolVersion": .string(server?.protocolVersion ?? ""),
        ]
        if let instructions = server?.instructions { description["instructions"] = .string(instructions) }
        return ["server": .object(description), "tools": .array(tools.map(\.json))]
    }
}

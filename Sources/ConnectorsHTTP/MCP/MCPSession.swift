import PlugboardCore

/// One `mcp` connector's live session: the MCP connection (opened on first use with `initialize`) and the server's
/// cached tool list, shared by every execution of the connector.
public actor MCPSession: ConnectorSession {
    /// What `initialize` told about the server.
    struct ServerInfo: Sendable {
        var name: String
        var version: String
        var protocolVersion: String
        var instructions: String?
    }

    /// The fields this session was opened with.
    public let configuration: MCPConfiguration
    /// The server as an HTTP service: the connector's headers, the credential and its 401 refresh on every request.
    let client: HTTPServiceClient
    private var connection: (any MCPConnection)?
    private var opening: Task<any MCPConnection, any Error>?
    private var cachedTools: [MCPTool]?
    private(set) var server: ServerInfo?
    private var closed = false

    /// Protocol revisions this client speaks, newest first; the first is offered in `initialize`.
    static let protocolVersions = ["2025-06-18", "2025-03-26", "2024-11-05"]

    init(configuration: MCPConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        client = HTTPServiceClient(
            service: HTTPService(
                name: configuration.service, baseURL: configuration.serverURL, defaultHeaders: configuration.headers,
                attemptTimeout: configuration.timeout),
            transport: transport)
    }

    /// Ends the MCP connection (cancelling an SSE stream's reader) and closes the transport.
    public func close() async {
        closed = true
        opening?.cancel()
        opening = nil
        let open = connection
        connection = nil
        await open?.close()
        await client.transport.shutdown()
    }

    /// A per-execution handle carrying the context's credential; a credential that lacks its secret fails here,
    /// before anything is sent.
    nonisolated func call(_ context: CallContext) throws(ConnectorError) -> MCPCall {
        _ = try client.service.authenticate(context.credential)
        return MCPCall(context: context, configuration: configuration, client: client)
    }

    /// Sends `method`, initializing first when needed; an expired server session is initialized again once.
    func request(_ method: String, params: JSONValue?, call: MCPCall) async throws -> JSONValue {
        let current = try await connected(call)
        do {
            return try await current.request(method, params: params, call: call)
        } catch is MCPSessionExpired {
            await drop(current)
            let fresh = try await connected(call)
            do {
                return try await fresh.request(method, params: params, call: call)
            } catch is MCPSessionExpired {
                throw ConnectorError(
                    .upstreamError, message: "The MCP server at \(configuration.service) forgot the session right after it was opened.",
                    cause: "The server does not keep sessions, or runs behind a load balancer without sticky sessions.")
            }
        }
    }

    /// The server's tools, read once per session (paging through `tools/list`) and again after `list_changed`.
    func tools(call: MCPCall, refresh: Bool = false) async throws -> [MCPTool] {
        let changed = connection?.takeToolsChanged() ?? false
        if !refresh, !changed, let cachedTools { return cachedTools }
        var tools: [MCPTool] = []
        var cursor: String?
        var seen: Set<String> = []
        for _ in 0..<Self.maximumPages {
            let params: JSONValue? = cursor.map { ["cursor": .string($0)] }
            let result = try await request("tools/list", params: params, call: call)
            guard let listed = result["tools"]?.arrayValue else {
                throw MCPFailure.protocolViolation(configuration.service, "the tools/list result has no tools array.")
            }
            tools += listed.compactMap(MCPTool.init)
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty, seen.insert(next).inserted else { break }
            cursor = next
        }
        cachedTools = tools
        return tools
    }

    /// Pages of `tools/list` read at most, so a server repeating cursors cannot loop forever.
    static let maximumPages = 100

    /// The connection, opening one (with the MCP handshake) when there is none or the last one ended.
    private func connected(_ call: MCPCall) async throws -> any MCPConnection {
        if closed { throw ConnectorError(.cancelled, message: "The MCP session is closing.") }
        if let connection, connection.isOpen { return connection }
        if let connection {
            self.connection = nil
            await connection.close()
        }
        if let opening { return try await opening.value }
        let configuration = self.configuration
        let task = Task { () async throws -> any MCPConnection in
            let (connection, info) = try await Self.handshake(configuration: configuration, call: call)
            await self.opened(connection, info: info)
            return connection
        }
        opening = task
        defer { if opening == task { opening = nil } }
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    private func opened(_ connection: any MCPConnection, info: ServerInfo) async {
        if closed {
            await connection.close()
            return
        }
        self.connection = connection
        self.server = info
    }

    private func drop(_ stale: any MCPConnection) async {
        guard let connection, connection === stale else { return }
        self.connection = nil
        await stale.close()
    }

    /// Connects, sends `initialize`, checks the protocol version, and sends `notifications/initialized`.
    private static func handshake(configuration: MCPConfiguration, call: MCPCall) async throws -> (any MCPConnection, ServerInfo) {
        let connection: any MCPConnection = configuration.transport == .sse
            ? try await MCPSSEConnection.open(configuration: configuration, call: call)
            : MCPStreamableHTTPConnection(configuration: configuration)
        do {
            let params: JSONValue = [
                "protocolVersion": .string(protocolVersions[0]), "capabilities": [:],
                "clientInfo": ["name": "plugboard", "version": "1.0"],
            ]
            let result = try await connection.request("initialize", params: params, call: call)
            guard let version = result["protocolVersion"]?.stringValue else {
                throw MCPFailure.protocolViolation(configuration.service, "the initialize result has no protocolVersion.")
            }
            guard protocolVersions.contains(version) else {
                throw ConnectorError(
                    .upstreamError, message: "The MCP server at \(configuration.service) speaks protocol version \(version), which Plugboard does not.",
                    cause: "The server supports none of \(protocolVersions.joined(separator: ", ")).", fix: "Use a server that supports one of them.",
                    retryable: false)
            }
            connection.agreed(protocolVersion: version)
            try await connection.notify("notifications/initialized", params: nil, call: call)
            let serverInfo = result["serverInfo"]
            let info = ServerInfo(
                name: serverInfo?["name"]?.stringValue ?? "", version: serverInfo?["version"]?.stringValue ?? "", protocolVersion: version,
                instructions: result["instructions"]?.stringValue)
            return (connection, info)
        } catch {
            await connection.close()
            throw error
        }
    }
}

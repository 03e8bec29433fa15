import PlugboardCore

/// A live MCP connection over one transport: sends requests and notifications, and hands back answers.
protocol MCPConnection: AnyObject, Sendable {
    /// Sends request `method` and returns its `result`; JSON-RPC errors are thrown as `ConnectorError`s, and an
    /// expired server session as `MCPSessionExpired`.
    func request(_ method: String, params: JSONValue?, call: MCPCall) async throws -> JSONValue
    /// Sends a notification, which has no answer.
    func notify(_ method: String, params: JSONValue?, call: MCPCall) async throws
    /// Records the protocol version `initialize` agreed on, sent with later requests where the transport says so.
    func agreed(protocolVersion: String)
    /// False once the connection can carry no more messages (its event stream ended).
    var isOpen: Bool { get }
    /// Whether the server announced `notifications/tools/list_changed` since the last ask; clears the flag.
    func takeToolsChanged() -> Bool
    /// Ends the connection and everything it runs.
    func close() async
}

/// The server no longer knows the MCP session (it restarted or expired it); the caller initializes again.
struct MCPSessionExpired: Error {}

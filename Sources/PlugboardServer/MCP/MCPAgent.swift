import PlugboardRuntime
import PlugboardStore

/// Who an MCP session acts for: one application, the caller the execution log names, and the role that limits it.
/// Viewers may list and read; runners and above may call tools.
public struct MCPAgent: Sendable {
    /// The application whose bound actions are the tools.
    public var application: ApplicationRecord
    /// The token the session authenticated with, as executions record it.
    public var caller: Caller
    /// The token's role.
    public var role: TokenRole

    public init(application: ApplicationRecord, caller: Caller, role: TokenRole) {
        self.application = application
        self.caller = caller
        self.role = role
    }

    /// Whether this agent may call tools (run actions).
    var mayCall: Bool { role >= .runner }
}

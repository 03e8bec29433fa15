/// Plugboard's own tools as an agent inside an action sees them: the application's bound connector actions and its
/// workflows offered as tools, exactly as MCP lists them, each call run through the runtime (egress guard, redaction,
/// the execution log) as the caller that started the agent.
///
/// The runtime hands one to every action call; drivers never reach the store or the runtime otherwise.
public protocol AgentToolbox: Sendable {
    /// The tools `names` selects (a tool's name, or a connector's name for all its bound actions); every tool when nil.
    /// An unknown name is `not_found`.
    func tools(selecting names: [String]?) async throws -> [AgentToolSpec]

    /// Runs the tool `name` with `arguments`, finished by `deadline`; a failure of the call is in the outcome, not thrown.
    func call(_ name: String, arguments: JSONValue, deadline: ContinuousClock.Instant) async -> AgentToolOutcome
}

/// One tool as a model is told about it.
public struct AgentToolSpec: Sendable, Hashable {
    /// `<connector>__<action>` or `workflow__<name>`, as MCP names it.
    public var name: String
    /// What the tool does and what it acts on, written for a model.
    public var description: String
    /// The arguments' JSON Schema, an object schema.
    public var inputSchema: JSONValue
    /// The action may delete or overwrite data (its annotations say so).
    public var destructive: Bool
    /// The action only reads.
    public var readOnly: Bool

    public init(name: String, description: String, inputSchema: JSONValue, destructive: Bool, readOnly: Bool) {
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.destructive = destructive
        self.readOnly = readOnly
    }
}

/// What one tool call came to: the output, or the error, and the execution or run that holds its record.
public struct AgentToolOutcome: Sendable {
    public var output: JSONValue?
    public var error: ConnectorError?
    /// The execution's id, or the workflow run's.
    public var recordID: String?

    public static func success(_ output: JSONValue, recordID: String) -> AgentToolOutcome {
        AgentToolOutcome(output: output, error: nil, recordID: recordID)
    }

    public static func failure(_ error: ConnectorError, recordID: String? = nil) -> AgentToolOutcome {
        AgentToolOutcome(output: nil, error: error, recordID: recordID)
    }
}

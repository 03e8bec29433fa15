/// What an action promises about its effects, shown to agents as MCP tool annotations.
public struct ActionAnnotations: Sendable, Hashable {
    /// The action only reads; it changes nothing in the service.
    public var readOnly: Bool
    /// The action may delete or overwrite data in the service.
    public var destructive: Bool
    /// Running the action twice with the same input has the effect of running it once.
    public var idempotent: Bool

    /// By default an action promises nothing: it may write, is not known to destroy, and is not idempotent.
    public init(readOnly: Bool = false, destructive: Bool = false, idempotent: Bool = false) {
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent
    }

    /// The annotations as an API and MCP object.
    public var json: JSONValue {
        ["readOnly": .bool(readOnly), "destructive": .bool(destructive), "idempotent": .bool(idempotent)]
    }
}

/// The public face of an action: its name, schemas and annotations.
public struct ActionDescriptor: Sendable {
    /// The action's name, unique within its connector type; the `{action}` in the run path.
    public var name: String
    /// Short human-readable name of the action.
    public var title: String
    /// What the action does, written for users and agents.
    public var description: String
    /// JSON Schema of the action's input; executions are validated against it.
    public var inputSchema: JSONValue
    /// JSON Schema of the action's output.
    public var outputSchema: JSONValue
    /// What the action promises about its effects.
    public var annotations: ActionAnnotations
    /// The action can send its answer in pieces while it runs, to a caller that asks for `text/event-stream`.
    public var streams = false

    public init(
        name: String, title: String, description: String, inputSchema: JSONValue, outputSchema: JSONValue,
        annotations: ActionAnnotations
    ) {
        self.name = name
        self.title = title
        self.description = description
        self.inputSchema = inputSchema
        self.outputSchema = outputSchema
        self.annotations = annotations
    }

    /// The descriptor as the API's action object.
    public var json: JSONValue {
        ["name": .string(name), "title": .string(title), "description": .string(description), "inputSchema": inputSchema,
         "outputSchema": outputSchema, "annotations": annotations.json, "streams": .bool(streams)]
    }
}

/// One row of a driver's action table: the descriptor and the function that runs it.
public struct ConnectorAction<Session: ConnectorSession>: Sendable {
    /// The action's public face: name, schemas and annotations.
    public var descriptor: ActionDescriptor
    /// Runs the action on a session with validated input and returns its output.
    public var run: @Sendable (Session, JSONValue, CallContext) async throws -> JSONValue

    public init(_ descriptor: ActionDescriptor, run: @escaping @Sendable (Session, JSONValue, CallContext) async throws -> JSONValue) {
        self.descriptor = descriptor
        self.run = run
    }

    /// The action, marked as one that sends its answer in pieces to a caller that streams (`CallContext.emit`).
    public func streaming() -> Self {
        var action = self
        action.descriptor.streams = true
        return action
    }
}

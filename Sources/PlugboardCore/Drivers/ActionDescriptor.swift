/// What an action promises about its effects, shown to agents as MCP tool annotations.
public struct ActionAnnotations: Sendable, Hashable {
    public var readOnly: Bool
    public var destructive: Bool
    public var idempotent: Bool

    public init(readOnly: Bool = false, destructive: Bool = false, idempotent: Bool = false) {
        self.readOnly = readOnly
        self.destructive = destructive
        self.idempotent = idempotent
    }

    public var json: JSONValue {
        ["readOnly": .bool(readOnly), "destructive": .bool(destructive), "idempotent": .bool(idempotent)]
    }
}

/// The public face of an action: its name, schemas and annotations.
public struct ActionDescriptor: Sendable {
    public var name: String
    public var title: String
    public var description: String
    public var inputSchema: JSONValue
    public var outputSchema: JSONValue
    public var annotations: ActionAnnotations

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

    public var json: JSONValue {
        ["name": .string(name), "title": .string(title), "description": .string(description), "inputSchema": inputSchema,
         "outputSchema": outputSchema, "annotations": annotations.json]
    }
}

/// One row of a driver's action table: the descriptor and the function that runs it.
public struct ConnectorAction<Session: ConnectorSession>: Sendable {
    public var descriptor: ActionDescriptor
    public var run: @Sendable (Session, JSONValue, DriverContext) async throws -> JSONValue

    public init(_ descriptor: ActionDescriptor, run: @escaping @Sendable (Session, JSONValue, DriverContext) async throws -> JSONValue) {
        self.descriptor = descriptor
        self.run = run
    }
}

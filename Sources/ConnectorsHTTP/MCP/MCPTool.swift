import PlugboardCore

/// One tool an MCP server lists: its name, description, schemas and annotations as the server gave them.
struct MCPTool: Sendable {
    /// The tool's name on the server, sent in `tools/call`.
    var name: String
    /// A human-readable name, from `title` or `annotations.title`.
    var title: String?
    /// What the tool does, written by the server for models.
    var description: String
    /// The tool's input JSON Schema, as listed.
    var inputSchema: JSONValue
    /// `inputSchema` made checkable by `SchemaValidator` (`MCPToolSchema.acceptable`), worked out once when the tool is read.
    var acceptableInputSchema: JSONValue
    /// The schema of the tool's structured content, when it declares one.
    var outputSchema: JSONValue?
    /// The tool's annotations object, as listed.
    var annotations: JSONObject

    /// Reads one entry of `tools/list`; nil when it has no name.
    init?(_ value: JSONValue) {
        guard let object = value.objectValue, let name = object["name"]?.stringValue, !name.isEmpty else { return nil }
        self.name = name
        self.annotations = object["annotations"]?.objectValue ?? [:]
        self.title = object["title"]?.stringValue ?? annotations["title"]?.stringValue
        self.description = object["description"]?.stringValue ?? ""
        self.inputSchema = object["inputSchema"] ?? ["type": "object"]
        self.acceptableInputSchema = MCPToolSchema.acceptable(inputSchema)
        self.outputSchema = object["outputSchema"].flatMap { $0.objectValue == nil ? nil : $0 }
    }

    /// The tool's promises as Plugboard annotations, with MCP's defaults for hints the server left out:
    /// not read-only, destructive unless read-only, not idempotent.
    var actionAnnotations: ActionAnnotations {
        let readOnly = annotations["readOnlyHint"]?.boolValue ?? false
        let destructive = readOnly ? false : (annotations["destructiveHint"]?.boolValue ?? true)
        return ActionAnnotations(readOnly: readOnly, destructive: destructive, idempotent: annotations["idempotentHint"]?.boolValue ?? false)
    }

    /// The tool as it appears in `list_tools` and discovery.
    var json: JSONValue {
        var object: JSONObject = ["name": .string(name)]
        if let title { object["title"] = .string(title) }
        object["description"] = .string(description)
        object["inputSchema"] = inputSchema
        if let outputSchema { object["outputSchema"] = outputSchema }
        if !annotations.isEmpty { object["annotations"] = .object(annotations) }
        return .object(object)
    }
}

import PlugboardCore

/// The `call_tool` action's input: a tool by name and its arguments.
struct MCPCallToolInput: FieldSet {
    var name = ""
    var arguments: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        Field("name", \.name, title: "Tool name", description: "The tool's name as list_tools gives it.", minLength: 1, required: true)
        Field("arguments", \.arguments, title: "Arguments", description: "The tool's input, matching its inputSchema.")
    }
}

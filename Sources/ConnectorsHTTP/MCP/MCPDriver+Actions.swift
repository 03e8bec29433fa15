import PlugboardCore

extension MCPDriver {
    static let listToolsAction = ConnectorAction<MCPSession>(
        name: "list_tools", title: "List tools",
            description: """
                Lists the MCP server's tools with their names, descriptions, input and output schemas and annotations, \
                reading them from the server again (following pagination).
                """,
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: NoInput.self,
        outputSchema: Schema.object(
            ["tools": Schema.array(Schema.any(), title: "Tools", description: "{name, title?, description, inputSchema, outputSchema?, annotations?}")],
            required: ["tools"])
    ) { session, _, context in
        let tools = try await session.tools(call: try session.call(context), refresh: true)
        return ["tools": .array(tools.map(\.json))]
    }

    static let callToolAction = ConnectorAction<MCPSession>(
        name: "call_tool", title: "Call a tool",
            description: """
                Calls one of the MCP server's tools by name with its arguments, which are checked against the tool's input \
                schema before they are sent. Returns structuredContent (when the tool gives one), the content items and their \
                text. A tool that reports failure (isError) raises upstream_error with the tool's message.
                """,
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: false), input: MCPCallToolInput.self,
        outputSchema: MCPToolResult.outputSchema(structured: nil)
    ) { session, input, context in
            let name = input.name
            let arguments = JSONValue.object(input.arguments.object)
            let call = try session.call(context)
            var tool = try await session.tools(call: call).first { $0.name == name }
            if tool == nil { tool = try await session.tools(call: call, refresh: true).first { $0.name == name } }
            guard let tool else {
                throw ConnectorError(
                    .notFound, message: "The MCP server has no tool '\(name)'.", fix: "Run list_tools to see the server's tools.", field: "name")
            }
            let schema = tool.acceptableInputSchema
            let filled = Schema.applyingDefaults(to: arguments, schema: schema)
            try SchemaValidator.validate(filled, against: schema, subject: "arguments")
            return try await runTool(tool.name, arguments: filled, session: session, call: call)
    }

    /// One action per tool, with the tool's schema made checkable and its annotations; names are unique and path-safe.
    static func toolActions(for tools: [MCPTool]) -> [ConnectorAction<MCPSession>] {
        var taken: Set<String> = ["list_tools", "call_tool"]
        return tools.map { tool in
            let name = uniqueName(for: tool.name, taken: &taken)
            var description = tool.description.isEmpty ? "Calls the MCP tool '\(tool.name)'." : tool.description
            if name != tool.name { description += " (MCP tool '\(tool.name)'.)" }
            let descriptor = ActionDescriptor(
                name: name, title: tool.title ?? tool.name, description: description,
                inputSchema: tool.acceptableInputSchema, outputSchema: MCPToolResult.outputSchema(structured: tool.outputSchema),
                annotations: tool.actionAnnotations)
            let toolName = tool.name
            return ConnectorAction(descriptor) { session, input, context in
                try await runTool(toolName, arguments: input, session: session, call: try session.call(context))
            }
        }
    }

    /// Sends `tools/call` and turns its result into the action's output.
    static func runTool(_ name: String, arguments: JSONValue, session: MCPSession, call: MCPCall) async throws -> JSONValue {
        let result = try await session.request("tools/call", params: ["name": .string(name), "arguments": arguments], call: call)
        let output = try MCPToolResult.output(result, tool: name, service: session.configuration.service)
        let redactor = call.redactor
        return redactor.isEmpty ? output : redactor.redact(output)
    }

    /// The tool's name reduced to letters, digits, `_` and `-` (at most 64), made unique among `taken`.
    static func uniqueName(for toolName: String, taken: inout Set<String>) -> String {
        var base = String(String.UnicodeScalarView(toolName.unicodeScalars.map { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-") ? scalar : "_"
        }).prefix(64))
        if base.isEmpty { base = "tool" }
        var name = base
        var counter = 2
        while !taken.insert(name).inserted {
            name = "\(base.prefix(60))_\(counter)"
            counter += 1
        }
        return name
    }
}

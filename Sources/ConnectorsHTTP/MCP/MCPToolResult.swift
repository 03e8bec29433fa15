import PlugboardCore

/// Turns a `tools/call` result into an action's output, or into an error when the tool reported failure.
enum MCPToolResult {
    /// The output schema shared by every tool action; `structured` describes `structuredContent` when the tool declares it.
    static func outputSchema(structured: JSONValue?) -> JSONValue {
        Schema.object(
            [
                "structuredContent": structured ?? Schema.any(
                    title: "Structured content", description: "The tool's result as JSON, when the tool returns one."),
                "content": Schema.array(
                    Schema.any(), title: "Content",
                    description: "The tool's content items as the server sent them: {type: text, text}, {type: image or audio, data (base64), mimeType}, {type: resource, resource: {uri, mimeType, text or blob}} or {type: resource_link, uri, name}."),
                "text": Schema.string(title: "Text", description: "The text items joined by newlines, when there are any."),
            ], required: ["content"], additionalProperties: true)
    }

    /// The output for `result`; throws the tool's own message as `upstream_error` when `isError` is true.
    static func output(_ result: JSONValue, tool: String, service: String) throws(ConnectorError) -> JSONValue {
        guard let object = result.objectValue else {
            throw MCPFailure.protocolViolation(service, "the tools/call result for '\(tool)' is not an object.")
        }
        let items = (object["content"]?.arrayValue ?? []).map(clean)
        let text = items.compactMap { $0["type"]?.stringValue == "text" ? $0["text"]?.stringValue : nil }.joined(separator: "\n")
        if object["isError"]?.boolValue == true {
            throw MCPFailure.toolFailed(tool, text: String(text.prefix(2000)), content: .array(items))
        }
        var output = JSONObject()
        if let structured = object["structuredContent"], structured != .null { output["structuredContent"] = structured }
        output["content"] = .array(items)
        if !text.isEmpty { output["text"] = .string(text) }
        return .object(output)
    }

    /// A content item without its `_meta`, which is for the protocol, not for users.
    private static func clean(_ item: JSONValue) -> JSONValue {
        guard var object = item.objectValue else { return item }
        object["_meta"] = nil
        if var resource = object["resource"]?.objectValue {
            resource["_meta"] = nil
            object["resource"] = .object(resource)
        }
        return .object(object)
    }
}

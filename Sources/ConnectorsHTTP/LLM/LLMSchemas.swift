import PlugboardCore

/// The JSON Schemas of the `llm` node's actions, one shape whichever provider answers.
enum LLMSchemas {
    static let model = Schema.string(title: "Model", description: "The model to ask; the connector's default model when left out.")
    static let extra = Schema.object(
        [:], additionalProperties: true, title: "Provider-specific fields",
        description: "Merged into the provider's request body as they are, such as top_p, seed or Anthropic's thinking.")

    static let part: JSONValue = [
        "type": "object", "description": "{type: text, text} or {type: image, url} or {type: image, data (base64), mediaType}.",
        "properties": [
            "type": Schema.string(enum: ["text", "image"]), "text": Schema.string(), "url": Schema.string(),
            "data": Schema.string(description: "Base64 image bytes."), "mediaType": Schema.string(description: "Such as image/png."),
        ],
        "required": ["type"], "additionalProperties": false,
    ]

    static let toolCall = Schema.object(
        ["id": Schema.string(), "name": Schema.string(), "arguments": Schema.any(description: "The arguments the model chose, as JSON.")],
        required: ["name"])

    static let message = Schema.object(
        [
            "role": Schema.string(enum: ["user", "assistant", "tool"]),
            "content": ["description": "Text, or a list of text and image parts.", "oneOf": [Schema.string(), Schema.array(part)]],
            "toolCalls": Schema.array(toolCall, description: "An assistant message's tool calls, when the conversation replays them."),
            "toolCallId": Schema.string(description: "A tool message: the id of the call it answers."),
            "toolName": Schema.string(description: "A tool message: the tool's name (Ollama reads it)."),
            "isError": Schema.boolean(description: "A tool message: the tool failed."),
        ], required: ["role"])

    static let tool = Schema.object(
        [
            "name": Schema.string(), "description": Schema.string(),
            "parameters": Schema.object([:], additionalProperties: true, description: "The arguments' JSON Schema."),
        ], required: ["name"])

    /// The fields the `chat` and `agent` actions share.
    static let generation: JSONObject = [
        "model": model,
        "system": Schema.string(title: "System prompt"),
        "temperature": Schema.number(title: "Temperature", minimum: 0, maximum: 2),
        "maxTokens": Schema.integer(title: "Maximum output tokens", description: "Anthropic requires one; 4096 when left out.", minimum: 1),
        "stop": ["description": "Stop sequences.", "oneOf": [Schema.string(), Schema.array(Schema.string())]],
        "extra": extra,
    ]

    static let chatInput: JSONValue = {
        var properties = generation
        properties["messages"] = Schema.array(message, title: "Messages", description: "The conversation so far, oldest first.")
        properties["tools"] = Schema.array(tool, title: "Tools", description: "Functions the model may ask to call, each with a JSON Schema.")
        properties["toolChoice"] = [
            "description": "auto, none, required, or {name} to force one tool.",
            "oneOf": [Schema.string(enum: ["auto", "none", "required"]), Schema.object(["name": Schema.string()], required: ["name"])],
        ]
        properties["output"] = [
            "description": "text (the default), json for any JSON object, or {name?, schema} for JSON matching a schema.",
            "oneOf": [Schema.string(enum: ["text", "json"]), Schema.object(["name": Schema.string(), "schema": Schema.object([:], additionalProperties: true)], required: ["schema"])],
        ]
        return Schema.object(properties, required: ["messages"])
    }()

    static let usage = Schema.object(
        ["inputTokens": Schema.integer(), "outputTokens": Schema.integer()], required: ["inputTokens", "outputTokens"])

    static let chatOutput = Schema.object(
        [
            "message": Schema.object(["role": Schema.string(), "content": Schema.string()], required: ["role", "content"]),
            "toolCalls": Schema.array(toolCall),
            "finishReason": Schema.string(description: "stop, length, tool_calls, content_filter, or the provider's own reason."),
            "usage": usage,
            "model": Schema.string(),
            "json": Schema.any(description: "With JSON output: the answer parsed, or null when it is not JSON."),
        ], required: ["message", "toolCalls", "finishReason", "usage", "model"])

    static let embedInput = Schema.object(
        [
            "model": model,
            "input": ["description": "One text or a list of texts.", "oneOf": [Schema.string(), Schema.array(Schema.string())]],
            "extra": extra,
        ], required: ["input"])

    static let embedOutput = Schema.object(
        [
            "model": ["type": ["string", "null"]],
            "embeddings": Schema.array(Schema.array(Schema.number()), description: "One vector per input text, in order."),
            "dimensions": Schema.integer(), "usage": Schema.object(["inputTokens": Schema.integer()]),
        ], required: ["embeddings", "dimensions"])

    static let modelsOutput = Schema.object(
        [
            "models": Schema.array(Schema.object(
                ["id": ["type": ["string", "null"]], "name": ["type": ["string", "null"]]], additionalProperties: true)),
        ], required: ["models"])

    static let agentOutput = Schema.object(
        [
            "answer": Schema.string(description: "The model's last text: its answer when finished."),
            "finished": Schema.boolean(description: "The model answered without asking for another tool."),
            "stopReason": Schema.string(enum: ["finished", "step_limit", "token_budget"]),
            "steps": Schema.integer(description: "Model turns taken."),
            "usage": usage,
            "tools": Schema.array(Schema.string(), description: "The tools the model was offered."),
            "transcript": Schema.array(
                Schema.object(
                    [
                        "step": Schema.integer(), "type": Schema.string(enum: ["model", "tool"]), "text": Schema.string(),
                        "toolCalls": Schema.array(toolCall), "usage": usage, "name": Schema.string(), "input": Schema.any(),
                        "output": Schema.any(description: "Cut, with a preview, past 4 KiB."),
                        "error": Schema.object(["code": Schema.string(), "message": Schema.string()]),
                        "recordId": ["type": ["string", "null"], "description": "The tool call's execution, or workflow run."],
                    ], required: ["step", "type"]),
                description: "Each model turn and each tool call, in order."),
        ], required: ["answer", "finished", "stopReason", "steps", "usage", "tools", "transcript"])
}

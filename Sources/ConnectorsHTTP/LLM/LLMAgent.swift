import PlugboardCore

/// The `agent` action's loop: the model is offered the application's tools, each call it asks for runs through the
/// runtime as the caller (egress guard, redaction, the execution log under the agent's execution id), the result
/// goes back to it, until it answers without calling a tool or a limit stops it.
struct LLMAgent {
    let session: LLMSession
    let input: AgentInput
    let context: CallContext

    /// Tool output the model reads is cut past this many bytes of JSON text.
    static let modelOutputLimit = 16 * 1024
    /// Tool output the transcript keeps is cut past this many bytes.
    static let transcriptOutputLimit = 4 * 1024

    static let defaultSystem = """
        You are an agent working through Plugboard's tools: each runs an action of a connector (a database, an API, a \
        mailbox) or a whole workflow, with credentials Plugboard holds. Call tools to find out and to act; never ask for \
        secrets. A failed call comes back with a code, a cause and a fix: read them and adapt. Answer when the task is done.
        """

    /// Why the loop ended.
    enum Stop: String {
        case finished
        case stepLimit = "step_limit"
        case tokenBudget = "token_budget"
    }

    func run() async throws -> JSONValue {
        guard let toolbox = context.toolbox else {
            throw ConnectorError(
                .invalidInput, message: "The agent runs only as an execution, where the application's tools are at hand.",
                fix: "Run the agent action through the API, the CLI, MCP or a workflow step.")
        }
        let (offered, withheld) = Self.partition(try await toolbox.tools(selecting: input.tools), allowDestructive: input.allowDestructive)
        var request = ChatRequest(
            model: try session.model(input.model), system: input.system ?? Self.defaultSystem,
            messages: [ChatMessage(role: .user, content: [.text(input.instruction)])], temperature: input.temperature,
            maxTokens: input.maxTokens, tools: offered.map { ChatTool(name: $0.name, description: $0.description, parameters: $0.inputSchema) },
            extra: input.extra.object)
        var transcript: [JSONValue] = []
        var used = TokenUsage.zero
        var answer = ""
        var stop = Stop.stepLimit
        var steps = 0
        while steps < input.maxSteps {
            if let budget = input.tokenBudget, used.inputTokens + used.outputTokens >= budget {
                stop = .tokenBudget
                break
            }
            steps += 1
            let response = try await session.chat(request, context: context)
            used = used + response.usage
            answer = response.text
            transcript.append(Self.modelTurn(response, step: steps))
            guard !response.toolCalls.isEmpty else {
                stop = .finished
                break
            }
            request.messages.append(ChatMessage(role: .assistant, content: response.text.isEmpty ? [] : [.text(response.text)], toolCalls: response.toolCalls))
            for call in response.toolCalls {
                let outcome = withheld.contains(call.name)
                    ? AgentToolOutcome.failure(Self.destructiveRefusal(call.name))
                    : await toolbox.call(call.name, arguments: call.arguments, deadline: context.deadline)
                await context.emit(Self.toolEvent(call, outcome))
                transcript.append(Self.toolTurn(call, outcome, step: steps))
                request.messages.append(Self.toolMessage(call, outcome))
            }
        }
        return [
            "answer": .string(answer), "finished": .bool(stop == .finished), "stopReason": .string(stop.rawValue),
            "steps": .integer(Int64(steps)), "usage": used.json,
            "tools": .array(offered.map { .string($0.name) }), "transcript": .array(transcript),
        ]
    }

    /// The tools offered, and the names of the destructive ones held back.
    static func partition(_ tools: [AgentToolSpec], allowDestructive: Bool) -> ([AgentToolSpec], Set<String>) {
        guard !allowDestructive else { return (tools, []) }
        return (tools.filter { !$0.destructive }, Set(tools.filter(\.destructive).map(\.name)))
    }

    static func destructiveRefusal(_ name: String) -> ConnectorError {
        ConnectorError(
            .permissionDenied, message: "The tool \(name) may delete or overwrite data, and this agent may not run such tools.",
            cause: "The agent was started without allowDestructive.", fix: "Use another tool, or ask the caller to allow destructive tools.")
    }

    // MARK: What the model and the caller read

    static func modelTurn(_ response: ChatResponse, step: Int) -> JSONValue {
        [
            "step": .integer(Int64(step)), "type": "model", "text": .string(response.text),
            "toolCalls": .array(response.toolCalls.map { ["id": .string($0.id), "name": .string($0.name), "arguments": $0.arguments] }),
            "usage": response.usage.json,
        ]
    }

    static func toolTurn(_ call: ToolCall, _ outcome: AgentToolOutcome, step: Int) -> JSONValue {
        var turn: JSONObject = [
            "step": .integer(Int64(step)), "type": "tool", "name": .string(call.name), "input": call.arguments,
            "recordId": outcome.recordID.map(JSONValue.string) ?? .null,
        ]
        if let error = outcome.error {
            turn["error"] = ["code": .string(error.code.rawValue), "message": .string(error.message)]
        } else {
            turn["output"] = cut(outcome.output ?? .null, at: transcriptOutputLimit)
        }
        return .object(turn)
    }

    /// What the model reads back: the output as JSON text, or the error's message, cause, fix and code.
    static func toolMessage(_ call: ToolCall, _ outcome: AgentToolOutcome) -> ChatMessage {
        let text: String
        if let error = outcome.error {
            text = "error: \(error.message)\ncause: \(error.cause)\nfix: \(error.fix)\ncode: \(error.code.rawValue)"
        } else {
            let bytes = (outcome.output ?? .null).jsonBytes()
            text = bytes.count <= modelOutputLimit
                ? String(decoding: bytes, as: UTF8.self)
                : String(decoding: bytes.prefix(modelOutputLimit), as: UTF8.self)
                    + "\n[Cut: the result is \(bytes.count) bytes; ask for less (filters, limits, pages) to see the rest.]"
        }
        return ChatMessage(role: .tool, content: [.text(text)], toolCallID: call.id, toolName: call.name, isError: outcome.error != nil)
    }

    /// The event a streaming caller gets once a tool call has run.
    static func toolEvent(_ call: ToolCall, _ outcome: AgentToolOutcome) -> JSONValue {
        [
            "type": "tool_result", "name": .string(call.name), "recordId": outcome.recordID.map(JSONValue.string) ?? .null,
            "errorCode": outcome.error.map { .string($0.code.rawValue) } ?? .null,
        ]
    }

    /// `value`, or a note with its size and a preview when its JSON is longer than `limit` bytes.
    static func cut(_ value: JSONValue, at limit: Int) -> JSONValue {
        let bytes = value.jsonBytes()
        guard bytes.count > limit else { return value }
        return ["truncated": true, "totalBytes": .integer(Int64(bytes.count)), "preview": .string(String(decoding: bytes.prefix(limit), as: UTF8.self))]
    }
}

import PlugboardCore
import PlugboardRuntime

/// Turns executions into `tools/call` results, as JSON-RPC carries them: structured content plus a text rendering for
/// models that read text, failures as tool errors (`isError`) carrying the taxonomy's code, message, cause and fix.
enum AgentToolResult {
    /// Text renderings longer than this are cut, with a note saying so.
    static let maximumTextBytes = 64 * 1024

    /// The result of a tool call: its output (an output that is not an object is wrapped as `{"result": …}`), or its
    /// failure.
    static func result(of call: AgentToolCall) -> JSONValue {
        guard let output = call.output, call.error == nil else {
            return failure(call.error ?? ConnectorError(.internalError, message: "The call failed unexpectedly."))
        }
        let id = call.recordID ?? ""
        let meta: JSONValue = call.isRun ? ["plugboard/runId": .string(id)] : ["plugboard/executionId": .string(id)]
        return success(executionID: id, output: output.value, outputBytes: output.bytes, meta: meta)
    }

    /// The result for an execution's output and its serialized bytes.
    static func success(
        executionID: String, output: JSONValue, outputBytes: [UInt8], meta: JSONValue? = nil
    ) -> JSONValue {
        let meta = meta ?? ["plugboard/executionId": .string(executionID)]
        let total = outputBytes.count
        guard total > maximumTextBytes else {
            let structured: JSONValue = output.objectValue != nil ? output : ["result": output]
            return result(text: String(decoding: outputBytes, as: UTF8.self), structured: structured, isError: false, meta: meta)
        }
        let shown = String(decoding: outputBytes.prefix(maximumTextBytes), as: UTF8.self)
        let note = "\n\n[Truncated: the result is \(total) bytes; only the first \(maximumTextBytes) are shown. "
            + "Ask for less (filters, limits, pages) to see the rest. Execution \(executionID).]"
        let structured: JSONValue = [
            "truncated": true, "totalBytes": .integer(Int64(total)), "shownBytes": .integer(Int64(maximumTextBytes)),
            "executionId": .string(executionID),
        ]
        return result(text: shown + note, structured: structured, isError: false, meta: meta)
    }

    /// A failure as the agent sees it: readable lines for the model and `{"error": {...}}` as structured content.
    static func failure(_ error: ConnectorError) -> JSONValue {
        var text = "error: \(error.message)\ncause: \(error.cause)\nfix: \(error.fix)\ncode: \(error.code.rawValue)"
        if let field = error.field { text += "\nfield: \(field)" }
        if error.retryable { text += "\nretryable: yes" }
        return result(text: text, structured: ["error": error.json], isError: true, meta: nil)
    }

    private static func result(text: String, structured: JSONValue, isError: Bool, meta: JSONValue?) -> JSONValue {
        var result: JSONObject = [
            "content": [["type": "text", "text": .string(text)]], "structuredContent": structured, "isError": .bool(isError),
        ]
        if let meta { result["_meta"] = meta }
        return .object(result)
    }
}

import PlugboardCore

/// Requests a session's transport answers itself instead of handing them to the SDK's `Server`.
///
/// `tools/call` carries the agent's data and is the hot path; the SDK decodes each message three times with
/// Foundation's `JSONDecoder`, and every string value through a regular expression it compiles on each use
/// (`Data.isDataURL`), which cost about 3 ms of CPU per call. Everything else (initialize, lists, resources, ping)
/// stays with the SDK's `Server`.
struct MCPDirectMethods: Sendable {
    /// A request's answer: its JSON-RPC result, or a JSON-RPC error.
    enum Answer: Sendable {
        case result(JSONValue)
        case error(code: Int, message: String)
    }

    /// JSON-RPC's code for invalid params, such as an unknown tool.
    static let invalidParams = -32602
    /// JSON-RPC's code for a failure of the server itself.
    static let internalError = -32603

    /// The methods answered here.
    let methods: Set<String>
    /// Answers one request of those methods, given its params.
    let answer: @Sendable (_ method: String, _ params: JSONValue?) async -> Answer

    /// The JSON-RPC response to the request `id`.
    static func response(id: JSONValue, _ answer: Answer) -> [UInt8] {
        let body: JSONValue
        switch answer {
        case .result(let result): body = ["jsonrpc": "2.0", "id": id, "result": result]
        case .error(let code, let message):
            body = ["jsonrpc": "2.0", "id": id, "error": ["code": .integer(Int64(code)), "message": .string(message)]]
        }
        return body.jsonBytes()
    }
}

import PlugboardCore

/// The `ConnectorError`s the MCP node raises, built in one place so messages stay consistent.
enum MCPFailure {
    /// The server answered in a way MCP does not allow: not JSON-RPC, no answer to the request, a wrong content type.
    static func protocolViolation(_ service: String, _ what: String, excerpt: String? = nil) -> ConnectorError {
        ConnectorError(
            .upstreamError, message: "The MCP server at \(service) broke the protocol: \(what)",
            cause: "The URL points at something that is not an MCP server, or the server speaks another transport or version.",
            fix: "Check the server URL and the transport (streamable-http or sse).", retryable: false,
            details: excerpt.map { ["body": .string($0)] })
    }

    /// A JSON-RPC error answering `method`, mapped to the taxonomy by its code.
    static func rpcError(_ service: String, method: String, code: Int64, message: String, data: JSONValue?) -> ConnectorError {
        var details: JSONObject = ["rpcCode": .integer(code), "method": .string(method)]
        if let data, data != .null { details["data"] = data }
        let text = message.isEmpty ? "error \(code)" : message
        switch code {
        case -32602:
            return ConnectorError(
                .invalidInput, message: "The MCP server refused the parameters of '\(method)': \(text)",
                fix: "Correct the arguments as the message says.", details: .object(details))
        case -32601:
            return ConnectorError(
                .upstreamError, message: "The MCP server at \(service) does not support '\(method)': \(text)",
                cause: "The server does not offer this capability.", fix: "Use a server that offers tools.", retryable: false,
                details: .object(details))
        case -32700, -32600:
            return ConnectorError(
                .upstreamError, message: "The MCP server at \(service) could not read the '\(method)' request: \(text)",
                cause: "The server expects another protocol version or transport.", fix: "Check the transport option.",
                retryable: false, details: .object(details))
        default:
            return ConnectorError(
                .upstreamError, message: "The MCP server at \(service) answered '\(method)' with an error: \(text)",
                details: .object(details))
        }
    }

    /// A tool that ran and reported failure (`isError: true`); the message is the tool's own text.
    static func toolFailed(_ tool: String, text: String, content: JSONValue) -> ConnectorError {
        let reason = text.isEmpty ? "it gave no reason" : text
        return ConnectorError(
            .upstreamError, message: "The MCP tool '\(tool)' failed: \(reason)",
            cause: "The MCP server ran the tool, and the tool reported an error.",
            fix: "Read the tool's message; correct the arguments or what the tool depends on.", retryable: false,
            details: ["tool": .string(tool), "content": content])
    }

    /// The SSE event stream ended or broke while calls waited for answers.
    static func streamClosed(_ service: String) -> ConnectorError {
        ConnectorError(
            .upstreamError, message: "The MCP server at \(service) closed its event stream.",
            cause: "The server restarted or dropped the connection.", fix: "Retry; the next call reconnects.", retryable: true)
    }

    /// A message larger than `maxResponseBytes`.
    static func tooLarge(_ service: String, limit: Int) -> ConnectorError {
        ConnectorError(
            .payloadTooLarge, message: "A message from the MCP server at \(service) is larger than \(limit) bytes.",
            cause: "The tool returned more data than the connector accepts.", fix: "Raise maxResponseBytes, or ask the tool for less.")
    }

    /// The server does not answer within the connector's timeout.
    static func timedOut(_ service: String, method: String) -> ConnectorError {
        ConnectorError(
            .timedOut, message: "The MCP server at \(service) did not answer '\(method)' in time.",
            fix: "Raise the connector's timeout, or make the call do less.")
    }

    /// An HTTP status that means the request failed, or nil for 2xx.
    static func status(_ status: Int, body: [UInt8], headers: [(String, String)], config: MCPConfiguration, redactor: Redactor) -> ConnectorError? {
        guard !(200...299).contains(status) else { return nil }
        let response = HTTPResponseMessage(status: status, headers: headers, body: body)
        let service = config.service
        if let error = HTTPStatusFailure.error(for: response, service: service, redactor: redactor) { return error }
        let details: JSONValue = ["status": .integer(Int64(status)), "body": .string(redactor.redact(HTTPStatusFailure.excerpt(body)))]
        switch status {
        case 404:
            return ConnectorError(
                .invalidConfiguration, message: "There is no MCP endpoint at \(config.serverURL) (404 Not Found).",
                fix: "Check the server URL: Streamable HTTP servers usually serve /mcp, SSE servers /sse.", field: "serverUrl",
                details: details)
        case 405, 406, 415:
            let other = config.transport == .sse ? "streamable-http" : "sse"
            return ConnectorError(
                .invalidConfiguration, message: "The MCP server at \(service) refused the \(config.transport) transport (\(status)).",
                cause: "The server speaks another MCP transport.", fix: "Set the transport to \(other), or check the server URL.",
                field: "transport", details: details)
        default:
            return ConnectorError(
                .upstreamError, message: "The MCP server at \(service) answered \(status).", retryable: false, details: details)
        }
    }
}

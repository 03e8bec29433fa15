import PlugboardCore

/// One JSON-RPC 2.0 message as MCP exchanges it, read from the server or built to send.
enum MCPMessage: Sendable {
    /// A successful answer to request `id`.
    case result(id: JSONValue, result: JSONValue)
    /// A failed answer to request `id` (null when the server could not read the id).
    case error(id: JSONValue, code: Int64, message: String, data: JSONValue?)
    /// A request from the server, which expects an answer.
    case request(id: JSONValue, method: String, params: JSONValue?)
    /// A notification, which expects none.
    case notification(method: String, params: JSONValue?)

    /// Reads one message; nil when `value` is not a JSON-RPC 2.0 message.
    init?(_ value: JSONValue) {
        guard let object = value.objectValue, object["jsonrpc"]?.stringValue == "2.0" else { return nil }
        let id = object["id"]
        if let method = object["method"]?.stringValue {
            if let id, id != .null {
                self = .request(id: id, method: method, params: object["params"])
            } else {
                self = .notification(method: method, params: object["params"])
            }
        } else if let error = object["error"]?.objectValue {
            guard let code = error["code"]?.integerValue else { return nil }
            self = .error(id: id ?? .null, code: code, message: error["message"]?.stringValue ?? "", data: error["data"])
        } else if let id, let result = object["result"] {
            self = .result(id: id, result: result)
        } else {
            return nil
        }
    }

    /// The id this message answers, for results and errors.
    var answeredID: JSONValue? {
        switch self {
        case .result(let id, _), .error(let id, _, _, _): return id
        default: return nil
        }
    }

    /// The messages in a parsed body: one message, or each of a batch.
    static func messages(in value: JSONValue) -> [MCPMessage]? {
        if let batch = value.arrayValue {
            let messages = batch.compactMap(MCPMessage.init)
            return messages.count == batch.count ? messages : nil
        }
        return MCPMessage(value).map { [$0] }
    }

    /// A request's bytes.
    static func request(id: Int64, method: String, params: JSONValue?) -> [UInt8] {
        var object: JSONObject = ["jsonrpc": "2.0", "id": .integer(id), "method": .string(method)]
        if let params { object["params"] = params }
        return JSONValue.object(object).jsonBytes()
    }

    /// A notification's bytes.
    static func notification(method: String, params: JSONValue? = nil) -> [UInt8] {
        var object: JSONObject = ["jsonrpc": "2.0", "method": .string(method)]
        if let params { object["params"] = params }
        return JSONValue.object(object).jsonBytes()
    }

    /// The bytes answering a server request: `ping` gets an empty result, anything else "method not found",
    /// since this client offers no sampling, roots or elicitation.
    static func reply(toRequest id: JSONValue, method: String) -> [UInt8] {
        if method == "ping" {
            return JSONValue.object(["jsonrpc": "2.0", "id": id, "result": [:]]).jsonBytes()
        }
        let error: JSONValue = ["code": -32601, "message": .string("This client does not support '\(method)'.")]
        return JSONValue.object(["jsonrpc": "2.0", "id": id, "error": error]).jsonBytes()
    }
}

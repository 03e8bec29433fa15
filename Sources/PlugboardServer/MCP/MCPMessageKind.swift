import Foundation
import PlugboardCore

/// What a JSON-RPC message is, as the Streamable HTTP transport routes it: a request opens an SSE stream that its
/// response closes; notifications and responses from the client are only accepted. Batches (arrays) are not
/// messages here: the 2025-06-18 revision of MCP removed them.
enum MCPMessageKind: Equatable {
    /// A request with its id (a string or a number, kept as JSON so `1` and `"1"` stay apart) and method.
    case request(id: JSONValue, method: String, params: JSONValue?)
    case notification(method: String)
    case response(id: JSONValue)

    /// Classifies one encoded message; nil when it is not a single JSON-RPC message.
    init?(_ data: Data) {
        guard let message = try? JSONParser.parse(data), message.objectValue != nil else { return nil }
        let id = message["id"].flatMap { $0.isNull ? nil : $0 }
        if let method = message["method"]?.stringValue {
            self = id.map { .request(id: $0, method: method, params: message["params"]) } ?? .notification(method: method)
        } else if let id, message["result"] != nil || message["error"] != nil {
            self = .response(id: id)
        } else {
            return nil
        }
    }

    /// Whether this is the `initialize` request, the one that opens a session.
    var isInitialize: Bool {
        if case .request(_, "initialize", _) = self { return true }
        return false
    }

    /// The protocol version an `initialize` request asks for.
    var requestedProtocolVersion: String? {
        guard case .request(_, "initialize", let params) = self else { return nil }
        return params?["protocolVersion"]?.stringValue
    }
}

import Foundation
import MCP
import PlugboardCore

extension JSONValue {
    /// The value as the MCP SDK's `MCP.Value`; object member order is not kept (MCP objects are dictionaries).
    var mcpValue: MCP.Value {
        switch self {
        case .null: return .null
        case .bool(let value): return .bool(value)
        case .integer(let value): return .int(Int(value))
        case .number(let value): return .double(value)
        case .string(let value): return .string(value)
        case .array(let values): return .array(values.map(\.mcpValue))
        case .object(let object):
            var members: [String: MCP.Value] = [:]
            for (key, value) in object { members[key] = value.mcpValue }
            return .object(members)
        }
    }

    /// A JSON value from the MCP SDK's `MCP.Value`; binary data becomes its base64 text.
    init(mcp value: MCP.Value) {
        switch value {
        case .null: self = .null
        case .bool(let value): self = .bool(value)
        case .int(let value): self = .integer(Int64(value))
        case .double(let value): self = .number(value)
        case .string(let value): self = .string(value)
        case .data(_, let data): self = .string(data.base64EncodedString())
        case .array(let values): self = .array(values.map(JSONValue.init(mcp:)))
        case .object(let members):
            self = .object(JSONObject(members.sorted { $0.key < $1.key }.map { ($0.key, JSONValue(mcp: $0.value)) }))
        }
    }
}

extension CallTool.Result {
    /// A result from its JSON-RPC form, as `AgentToolResult` builds it.
    init(json: JSONValue) throws {
        self = try JSONDecoder().decode(CallTool.Result.self, from: Data(json.jsonBytes()))
    }
}

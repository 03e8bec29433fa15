import MCP
import PlugboardCore
import PlugboardStore

/// One connector action offered to agents as an MCP tool.
struct AgentTool: Sendable {
    /// The tool's MCP name, `<connector>__<action>`.
    var name: String
    /// The connector the action runs on.
    var connector: ConnectorRecord
    /// The connector's type, for the description.
    var type: ConnectorTypeDescriptor
    /// The action: schemas and annotations.
    var action: ActionDescriptor

    /// The tool as `tools/list` shows it. The description is written for a model: what the action does, then what
    /// the connector is. Connector options are left out (they hold no secrets, but agents do not need them).
    var mcpTool: Tool {
        Tool(
            name: name, title: action.title.isEmpty ? nil : action.title, description: description,
            inputSchema: Self.objectSchema(action.inputSchema).mcpValue,
            annotations: Tool.Annotations(
                title: action.title.isEmpty ? nil : action.title, readOnlyHint: action.annotations.readOnly,
                destructiveHint: action.annotations.destructive, idempotentHint: action.annotations.idempotent))
    }

    /// What the action does and what it acts on.
    var description: String {
        var text = action.description.isEmpty ? "Runs the action '\(action.name)'." : action.description
        text += "\n\nConnector '\(connector.name)'"
        if !connector.description.isEmpty { text += ": \(connector.description)" }
        text += "\nIt is a \(type.displayName) connector (\(type.id)): \(type.description)"
        if action.annotations.readOnly {
            text += "\nThis action only reads."
        } else if action.annotations.destructive {
            text += "\nThis action may delete or overwrite data."
        }
        return text
    }

    /// MCP requires an object schema at the top; anything else is wrapped so the tool still lists.
    static func objectSchema(_ schema: JSONValue) -> JSONValue {
        if schema["type"]?.stringValue == "object" { return schema }
        if schema.objectValue?.isEmpty ?? true { return ["type": "object"] }
        return ["type": "object", "additionalProperties": true]
    }
}

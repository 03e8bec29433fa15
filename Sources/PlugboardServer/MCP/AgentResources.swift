import Foundation
import MCP
import PlugboardCore
import PlugboardRuntime
import PlugboardStore

/// Each bound connector's resources: a description (what it is, its tools) and, where its type discovers one, the
/// schema of its service (tables and columns, GraphQL types, operations), read through the runtime.
enum AgentResources {
    static let scheme = "plugboard://connectors/"

    /// The resources `resources/list` shows.
    static func list(_ table: AgentToolTable) -> [Resource] {
        table.connectors.flatMap { entry -> [Resource] in
            let base = scheme + escaped(entry.connector.name)
            var resources = [
                Resource(
                    name: "\(entry.connector.name) description", uri: base + "/description", title: "Connector \(entry.connector.name)",
                    description: "What the \(entry.type.displayName) connector '\(entry.connector.name)' is and the tools it offers.",
                    mimeType: "application/json")
            ]
            if entry.type.schemaDiscovery {
                resources.append(
                    Resource(
                        name: "\(entry.connector.name) schema", uri: base + "/schema", title: "Schema of \(entry.connector.name)",
                        description: "What the service behind '\(entry.connector.name)' holds, read live from it.",
                        mimeType: "application/json"))
            }
            return resources
        }
    }

    /// The contents of one resource; unknown URIs are `invalidParams`, discovery failures carry the error's code and fix.
    static func read(_ uri: String, table: AgentToolTable, runtime: Runtime) async throws -> [Resource.Content] {
        guard uri.hasPrefix(scheme) else { throw MCPError.invalidParams("Unknown resource: \(uri)") }
        let path = uri.dropFirst(scheme.count)
        guard let slash = path.lastIndex(of: "/") else { throw MCPError.invalidParams("Unknown resource: \(uri)") }
        let name = String(path[..<slash]).removingPercentEncoding ?? ""
        let part = path[path.index(after: slash)...]
        guard let entry = table.connectors.first(where: { $0.connector.name == name }) else {
            throw MCPError.invalidParams("Unknown resource: \(uri). List resources to see what exists.")
        }
        switch part {
        case "description":
            return [.text(description(entry).jsonString(), uri: uri, mimeType: "application/json")]
        case "schema" where entry.type.schemaDiscovery:
            do {
                let schema = try await runtime.discover(entry.connector)
                return [.text(schema.jsonString(), uri: uri, mimeType: "application/json")]
            } catch let error as ConnectorError {
                throw MCPError.internalError("\(error.code.rawValue): \(error.message) Fix: \(error.fix)")
            }
        default:
            throw MCPError.invalidParams("Unknown resource: \(uri)")
        }
    }

    /// The description resource: the type and the connector, and each bound action as a tool. Options are not
    /// included; they hold no secrets (credentials do), but agents do not need hosts and paths.
    static func description(_ entry: (connector: ConnectorRecord, type: ConnectorTypeDescriptor, tools: [AgentTool])) -> JSONValue {
        [
            "name": .string(entry.connector.name), "description": .string(entry.connector.description),
            "type": .string(entry.type.id), "typeName": .string(entry.type.displayName), "typeDescription": .string(entry.type.description),
            "actions": .array(entry.tools.map { tool in
                ["tool": .string(tool.name), "action": .string(tool.action.name), "title": .string(tool.action.title),
                 "description": .string(tool.action.description), "annotations": tool.action.annotations.json,
                 "inputSchema": tool.action.inputSchema]
            }),
        ]
    }

    static func escaped(_ name: String) -> String {
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        return name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name
    }
}

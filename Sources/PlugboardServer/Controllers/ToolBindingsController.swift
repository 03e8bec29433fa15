import Hummingbird
import PlugboardCore
import PlugboardStore

/// Agent tool bindings of an application: which connector actions agents see as MCP tools. Each binding is a
/// dependent of its connector, so the connector cannot be deleted while agents may call it.
struct ToolBindingsController {
    let instance: PlugboardInstance
    static let base = "/api/v1/applications/{app}/tool-bindings"

    private var catalog: ToolBindingCatalog { ToolBindingCatalog(runtime: instance.runtime) }

    static let createBody = Schema.object(
        ["connectorId": Schema.string(description: "Connector id or name."),
         "actions": Schema.array(Schema.string(), description: "Names of the connector's actions to expose as tools.")],
        required: ["connectorId", "actions"])
    static let updateBody = Schema.object(["actions": Schema.array(Schema.string())], required: ["actions"])
    static let list = Schema.object(["items": Schema.array(ToolBindingRecord.schema), "total": Schema.integer()], required: ["items", "total"])

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: Self.base, operationID: "listToolBindings", summary: "List agent tool bindings",
                tag: "Tool bindings", responseSchema: Self.list
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read tool bindings")
                let bindings = try await instance.store.toolBindings(applicationID: application.id)
                var items: [JSONValue] = []
                for binding in bindings { items.append(try await represent(binding)) }
                return .json(["items": .array(items), "total": .integer(Int64(items.count))])
            },
            APIRoute(
                method: .post, path: Self.base, operationID: "createToolBinding",
                summary: "Expose actions of a connector to agents as MCP tools", tag: "Tool bindings",
                requestBody: Self.createBody, successStatus: 201, responseSchema: ToolBindingRecord.schema
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "create tool bindings")
                let body = try await request.jsonObject(limit: instance.maxBodyBytes)
                try body.onlyKeys(["connectorId", "actions"])
                let binding = try await catalog.create(
                    applicationID: application.id, connector: try body.string("connectorId", required: true)!, actions: try Self.actions(body))
                return .json(try await represent(binding), status: .created)
            },
            APIRoute(
                method: .get, path: Self.base + "/{binding}", operationID: "getToolBinding",
                summary: "Get a tool binding by its id, or by its connector's id or name", tag: "Tool bindings",
                responseSchema: ToolBindingRecord.schema
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read tool bindings")
                return .json(try await represent(try await binding(application, context)))
            },
            APIRoute(
                method: .patch, path: Self.base + "/{binding}", operationID: "updateToolBinding",
                summary: "Replace the actions a tool binding exposes", tag: "Tool bindings",
                requestBody: Self.updateBody, responseSchema: ToolBindingRecord.schema
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "update tool bindings")
                let existing = try await binding(application, context)
                let body = try await request.jsonObject(limit: instance.maxBodyBytes)
                try body.onlyKeys(["actions"])
                return .json(try await represent(try await catalog.update(existing, actions: try Self.actions(body))))
            },
            APIRoute(
                method: .delete, path: Self.base + "/{binding}", operationID: "deleteToolBinding",
                summary: "Stop exposing a connector's actions to agents", tag: "Tool bindings", successStatus: 204
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .editor, "delete tool bindings")
                try await catalog.delete(try await binding(application, context))
                return Response(status: .noContent)
            },
        ]
    }

    /// The `actions` member: a list of action names.
    static func actions(_ body: JSONObject) throws -> [String] {
        guard case .array(let values)? = body["actions"] else {
            throw ConnectorError.invalidInput("The field 'actions' is required: a list of action names.", field: "actions")
        }
        return try values.map { value in
            guard let name = value.stringValue, !name.isEmpty else {
                throw ConnectorError.invalidInput("Each action must be a non-empty string.", field: "actions")
            }
            return name
        }
    }

    private func binding(_ application: ApplicationRecord, _ context: PlugboardRequestContext) async throws -> ToolBindingRecord {
        let reference = try context.parameter("binding")
        guard let binding = try await catalog.binding(applicationID: application.id, reference) else {
            throw ConnectorError.notFound("tool binding", reference)
        }
        return binding
    }

    private func represent(_ binding: ToolBindingRecord) async throws -> JSONValue {
        binding.json(connector: try await instance.store.connector(applicationID: binding.applicationID, binding.connectorID))
    }
}

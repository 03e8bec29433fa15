import Hummingbird
import PlugboardCore

/// The catalogue: connector types with their fields and actions, and credential kinds with their fields.
struct ConnectorTypesController {
    let instance: PlugboardInstance

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: "/api/v1/connector-types", operationID: "listConnectorTypes",
                summary: "List connector types with their connection fields (JSON Schema), credential kinds and actions",
                tag: "Catalogue", query: [.query("category", "Only types of this category.")],
                responseSchema: APISchemas.list(of: "ConnectorType")
            ) { request, context in
                _ = try context.requirePrincipal()
                let category = request.stringQuery("category")
                let types = instance.runtime.registry.descriptors.filter { category == nil || $0.category == category }
                return .json(["items": .array(types.map(\.json)), "total": .integer(Int64(types.count))])
            },
            APIRoute(
                method: .get, path: "/api/v1/connector-types/{type}", operationID: "getConnectorType", summary: "Get one connector type",
                tag: "Catalogue", responseSchema: APISchemas.ref("ConnectorType")
            ) { _, context in
                _ = try context.requirePrincipal()
                let id = try context.parameter("type")
                guard let type = instance.runtime.registry.descriptors.first(where: { $0.id == id }) else {
                    throw ConnectorError.notFound("connector type", id)
                }
                return .json(type.json)
            },
            APIRoute(
                method: .get, path: "/api/v1/credential-kinds", operationID: "listCredentialKinds",
                summary: "List credential kinds and their fields; writeOnly marks the secret ones", tag: "Catalogue",
                responseSchema: APISchemas.list(of: "CredentialKind")
            ) { _, context in
                _ = try context.requirePrincipal()
                let kinds = CredentialKind.all.map { kind -> JSONValue in
                    ["kind": .string(kind.rawValue), "displayName": .string(kind.displayName), "schema": kind.schema]
                }
                return .json(["items": .array(kinds), "total": .integer(Int64(kinds.count))])
            },
        ]
    }
}

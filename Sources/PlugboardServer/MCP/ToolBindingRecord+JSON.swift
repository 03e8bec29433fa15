import PlugboardCore
import PlugboardStore

extension ToolBindingRecord {
    /// The binding as the API returns it, with its connector's name and type for people reading lists.
    func json(connector: ConnectorRecord?) -> JSONValue {
        [
            "id": .string(id), "applicationId": .string(applicationID), "connectorId": .string(connectorID),
            "connectorName": connector.map { .string($0.name) } ?? .null, "connectorType": connector.map { .string($0.type) } ?? .null,
            "actions": .array(actions.map(JSONValue.string)), "version": .integer(Int64(version)),
            "createdAt": .string(ISO8601.string(from: createdAt)), "updatedAt": .string(ISO8601.string(from: updatedAt)),
        ]
    }

    /// The binding's JSON Schema in `/openapi.json`.
    static let schema = Schema.object(
        ["id": Schema.string(), "applicationId": Schema.string(), "connectorId": Schema.string(),
         "connectorName": ["type": ["string", "null"]], "connectorType": ["type": ["string", "null"]],
         "actions": Schema.array(Schema.string()), "version": Schema.integer(),
         "createdAt": Schema.string(format: "date-time"), "updatedAt": Schema.string(format: "date-time")],
        required: ["id", "connectorId", "actions"])
}

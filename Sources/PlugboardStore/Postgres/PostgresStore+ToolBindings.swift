import Foundation
import PlugboardCore

extension PostgresStore {
    /// Inserts the binding and its dependent row in one transaction.
    public func insertToolBinding(_ binding: ToolBindingRecord) async throws {
        let actions = Self.storedActions(binding), dependentName = binding.dependentName
        do {
            try await write { session in
                try await session.execute("""
                    INSERT INTO tool_bindings (id, application_id, connector_id, actions, dependent_id, version, created_at, updated_at)
                    VALUES (\(binding.id), \(binding.applicationID), \(binding.connectorID), \(actions), \(binding.dependentID),
                        \(binding.version), \(binding.createdAt), \(binding.updatedAt))
                    """)
                try await session.execute("""
                    INSERT INTO dependents (id, connector_id, kind, name, created_at)
                    VALUES (\(binding.dependentID), \(binding.connectorID), \(ToolBindingRecord.dependentKind), \(dependentName), \(binding.createdAt))
                    """)
                try await announce(StoreChange(.toolBindings, applicationID: binding.applicationID), session)
            }
        } catch let error as ConnectorError where error.code == .alreadyExists {
            throw ConnectorError(
                .alreadyExists, message: "This connector already has a tool binding.",
                fix: "Update the existing binding's actions instead of creating another.", field: "connectorId")
        }
    }

    /// Replaces the actions (and the dependent's name) if the version is still `expectedVersion`.
    public func updateToolBinding(_ binding: ToolBindingRecord, expectedVersion: Int) async throws {
        let actions = Self.storedActions(binding), dependentName = binding.dependentName
        try await write { session in
            let changed = try await session.execute("""
                UPDATE tool_bindings SET actions = \(actions), version = \(binding.version), updated_at = \(binding.updatedAt)
                WHERE id = \(binding.id) AND application_id = \(binding.applicationID) AND version = \(expectedVersion)
                """)
            guard changed == 1 else { throw ConnectorError(.conflict, message: "The tool binding changed while this update was made.") }
            try await session.execute("UPDATE dependents SET name = \(dependentName) WHERE id = \(binding.dependentID)")
            try await announce(StoreChange(.toolBindings, applicationID: binding.applicationID), session)
        }
    }

    /// The binding with this id in the application.
    public func toolBinding(applicationID: String, id: String) async throws -> ToolBindingRecord? {
        try await read { session in
            try await session.first("SELECT * FROM tool_bindings WHERE application_id = \(applicationID) AND id = \(id)").map(Self.toolBinding(from:))
        }
    }

    /// Every binding of the application, oldest first.
    public func toolBindings(applicationID: String) async throws -> [ToolBindingRecord] {
        try await read { session in
            try await session.rows("SELECT * FROM tool_bindings WHERE application_id = \(applicationID) ORDER BY created_at, id")
                .map(Self.toolBinding(from:))
        }
    }

    /// Deletes the binding and its dependent row in one transaction.
    public func deleteToolBinding(applicationID: String, id: String) async throws {
        try await write { session in
            guard let row = try await session.first(
                "DELETE FROM tool_bindings WHERE application_id = \(applicationID) AND id = \(id) RETURNING dependent_id")
            else { throw ConnectorError.notFound("tool binding", id) }
            let dependentID: String = try row["dependent_id"]
            try await session.execute("DELETE FROM dependents WHERE id = \(dependentID)")
            try await announce(StoreChange(.toolBindings, applicationID: applicationID), session)
        }
    }

    private static func storedActions(_ binding: ToolBindingRecord) -> String {
        JSONValue.array(binding.actions.map(JSONValue.string)).jsonString()
    }

    static func toolBinding(from row: PostgresStoreRow) throws -> ToolBindingRecord {
        ToolBindingRecord(
            id: try row["id"], applicationID: try row["application_id"], connectorID: try row["connector_id"],
            actions: try row.json("actions")?.arrayValue?.compactMap(\.stringValue) ?? [], dependentID: try row["dependent_id"],
            version: try row["version"], createdAt: try row["created_at"], updatedAt: try row["updated_at"])
    }
}

import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Inserts the binding and its dependent row in one transaction.
    public func insertToolBinding(_ binding: ToolBindingRecord) async throws {
        let arguments = Self.arguments(for: binding)
        let dependent = binding.dependentID
        do {
            try await write { db in
                try db.execute(
                    sql: """
                        INSERT INTO tool_bindings (id, application_id, connector_id, actions, dependent_id, version, created_at, updated_at)
                        VALUES (:id, :application_id, :connector_id, :actions, :dependent_id, :version, :created_at, :updated_at)
                        """, arguments: arguments)
                try db.execute(
                    sql: "INSERT INTO dependents (id, connector_id, kind, name, created_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [dependent, binding.connectorID, ToolBindingRecord.dependentKind, binding.dependentName,
                                binding.createdAt.storedText])
            }
        } catch let error as ConnectorError where error.code == .alreadyExists {
            throw ConnectorError(
                .alreadyExists, message: "This connector already has a tool binding.",
                fix: "Update the existing binding's actions instead of creating another.", field: "connectorId")
        }
    }

    /// Replaces the actions (and the dependent's name) if the version is still `expectedVersion`.
    public func updateToolBinding(_ binding: ToolBindingRecord, expectedVersion: Int) async throws {
        var updateArguments = Self.arguments(for: binding)
        updateArguments += ["expected_version": expectedVersion, "dependent_name": binding.dependentName]
        let arguments = updateArguments
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE tool_bindings SET actions = :actions, version = :version, updated_at = :updated_at
                    WHERE id = :id AND application_id = :application_id AND version = :expected_version
                    """, arguments: arguments)
            guard db.changesCount == 1 else {
                throw ConnectorError(.conflict, message: "The tool binding changed while this update was made.")
            }
            try db.execute(sql: "UPDATE dependents SET name = :dependent_name WHERE id = :dependent_id", arguments: arguments)
        }
    }

    /// The binding with this id in the application.
    public func toolBinding(applicationID: String, id: String) async throws -> ToolBindingRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM tool_bindings WHERE application_id = ? AND id = ?", arguments: [applicationID, id])
                .map(Self.toolBinding(from:))
        }
    }

    /// Every binding of the application, oldest first.
    public func toolBindings(applicationID: String) async throws -> [ToolBindingRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM tool_bindings WHERE application_id = ? ORDER BY created_at, id", arguments: [applicationID])
                .map(Self.toolBinding(from:))
        }
    }

    /// Deletes the binding and its dependent row in one transaction.
    public func deleteToolBinding(applicationID: String, id: String) async throws {
        try await write { db in
            guard let dependentID = try String.fetchOne(
                db, sql: "SELECT dependent_id FROM tool_bindings WHERE application_id = ? AND id = ?", arguments: [applicationID, id])
            else { throw ConnectorError.notFound("tool binding", id) }
            try db.execute(sql: "DELETE FROM tool_bindings WHERE id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM dependents WHERE id = ?", arguments: [dependentID])
        }
    }

    static func arguments(for binding: ToolBindingRecord) -> StatementArguments {
        [
            "id": binding.id, "application_id": binding.applicationID, "connector_id": binding.connectorID,
            "actions": JSONValue.array(binding.actions.map(JSONValue.string)).jsonString(), "dependent_id": binding.dependentID,
            "version": binding.version, "created_at": binding.createdAt.storedText, "updated_at": binding.updatedAt.storedText,
        ]
    }

    static func toolBinding(from row: Row) throws -> ToolBindingRecord {
        let actions = try JSONParser.parse(row["actions"] as String).arrayValue?.compactMap(\.stringValue) ?? []
        return ToolBindingRecord(
            id: row["id"], applicationID: row["application_id"], connectorID: row["connector_id"], actions: actions,
            dependentID: row["dependent_id"], version: row["version"], createdAt: row.date("created_at"), updatedAt: row.date("updated_at"))
    }
}

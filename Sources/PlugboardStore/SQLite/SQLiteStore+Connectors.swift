import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Inserts the row; `already_exists` when the name is taken in the application.
    public func insertConnector(_ connector: ConnectorRecord) async throws {
        let arguments = Self.arguments(for: connector)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO connectors (id, application_id, name, description, type, options, credential_id, version, created_at, updated_at)
                    VALUES (:id, :application_id, :name, :description, :type, :options, :credential_id, :version, :created_at, :updated_at)
                    """, arguments: arguments)
        }
    }

    /// Replaces the row only if its version is still `expectedVersion`; `conflict` otherwise.
    public func updateConnector(_ connector: ConnectorRecord, expectedVersion: Int) async throws {
        var updateArguments = Self.arguments(for: connector)
        updateArguments += ["expected_version": expectedVersion]
        let arguments = updateArguments
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE connectors SET name = :name, description = :description, options = :options, credential_id = :credential_id,
                        version = :version, updated_at = :updated_at
                    WHERE id = :id AND application_id = :application_id AND version = :expected_version
                    """, arguments: arguments)
            guard db.changesCount == 1 else {
                throw ConnectorError(.conflict, message: "The connector changed while this update was made.")
            }
        }
    }

    /// The connector whose id or name is `reference` in the application; an id match wins over a name match.
    public func connector(applicationID: String, _ reference: String) async throws -> ConnectorRecord? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM connectors WHERE application_id = ? AND (id = ? OR name = ?) ORDER BY id = ? DESC LIMIT 1",
                arguments: [applicationID, reference, reference, reference]
            ).map(Self.connector(from:))
        }
    }

    /// A page of matching connectors with the total count; the name filter matches a substring, ignoring ASCII case.
    public func connectors(applicationID: String, filter: ConnectorFilter, _ page: PageRequest) async throws -> Page<ConnectorRecord> {
        var conditions = ["application_id = ?"]
        var arguments: StatementArguments = [applicationID]
        if let type = filter.type {
            conditions.append("type = ?")
            arguments += [type]
        }
        if let name = filter.name, !name.isEmpty {
            conditions.append("name LIKE ? ESCAPE '\\'")
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            arguments += ["%\(escaped)%"]
        }
        let whereClause = conditions.joined(separator: " AND ")
        let orderClause = filter.order.sqlClause
        let countArguments = arguments
        arguments += [page.limit, page.offset]
        let pageArguments = arguments
        return try await read { db in
            let rows = try Row.fetchAll(
                db, sql: "SELECT * FROM connectors WHERE \(whereClause) ORDER BY \(orderClause) LIMIT ? OFFSET ?", arguments: pageArguments)
            let total = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM connectors WHERE \(whereClause)", arguments: countArguments) ?? 0
            return Page(items: try rows.map(Self.connector(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// Deletes the row unless dependents exist (`connector_in_use`); `not_found` when there is no such connector.
    public func deleteConnector(applicationID: String, id: String) async throws {
        try await write { db in
            let dependents = try Row.fetchAll(db, sql: "SELECT * FROM dependents WHERE connector_id = ? ORDER BY created_at", arguments: [id])
                .map(Self.dependent(from:))
            guard dependents.isEmpty else { throw ConnectorError.connectorInUse(dependents) }
            try db.execute(sql: "DELETE FROM connectors WHERE id = ? AND application_id = ?", arguments: [id, applicationID])
            guard db.changesCount == 1 else { throw ConnectorError.notFound("connector", id) }
        }
    }

    /// Inserts the dependent's row.
    public func insertDependent(_ dependent: DependentRecord) async throws {
        try await write { db in
            try db.execute(
                sql: "INSERT INTO dependents (id, connector_id, kind, name, created_at) VALUES (?, ?, ?, ?, ?)",
                arguments: [dependent.id, dependent.connectorID, dependent.kind, dependent.name, dependent.createdAt.storedText])
        }
    }

    /// Deletes the dependent's row, if there is one.
    public func deleteDependent(id: String) async throws {
        try await write { db in try db.execute(sql: "DELETE FROM dependents WHERE id = ?", arguments: [id]) }
    }

    /// The connector's dependents, oldest first.
    public func dependents(connectorID: String) async throws -> [DependentRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM dependents WHERE connector_id = ? ORDER BY created_at", arguments: [connectorID])
                .map(Self.dependent(from:))
        }
    }

    static func arguments(for connector: ConnectorRecord) -> StatementArguments {
        [
            "id": connector.id, "application_id": connector.applicationID, "name": connector.name,
            "description": connector.description, "type": connector.type, "options": JSONValue.object(connector.options).jsonString(),
            "credential_id": connector.credentialID, "version": connector.version,
            "created_at": connector.createdAt.storedText, "updated_at": connector.updatedAt.storedText,
        ]
    }

    static func connector(from row: Row) throws -> ConnectorRecord {
        ConnectorRecord(
            id: row["id"], applicationID: row["application_id"], name: row["name"], description: row["description"],
            type: row["type"], options: try JSONParser.parse(row["options"] as String).objectValue ?? [:],
            credentialID: row["credential_id"], version: row["version"], createdAt: row.date("created_at"),
            updatedAt: row.date("updated_at"))
    }

    static func dependent(from row: Row) -> DependentRecord {
        DependentRecord(id: row["id"], connectorID: row["connector_id"], kind: row["kind"], name: row["name"], createdAt: row.date("created_at"))
    }
}

extension ConnectorError {
    /// A connector cannot be deleted while these use it.
    public static func connectorInUse(_ dependents: [DependentRecord]) -> ConnectorError {
        let listed = dependents.map { "\($0.kind) '\($0.name)'" }.joined(separator: ", ")
        return ConnectorError(
            .connectorInUse, message: "The connector is used by \(dependents.count) dependent(s): \(listed).",
            details: ["dependents": .array(dependents.map { ["id": .string($0.id), "kind": .string($0.kind), "name": .string($0.name)] })])
    }
}

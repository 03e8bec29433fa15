import Foundation
import PlugboardCore

extension PostgresStore {
    /// Inserts the row; `already_exists` when the name is taken in the application.
    public func insertConnector(_ connector: ConnectorRecord) async throws {
        let options = JSONValue.object(connector.options).jsonString()
        try await write { session in
            try await session.execute("""
                INSERT INTO connectors (id, application_id, name, description, type, options, credential_id, version, created_at, updated_at)
                VALUES (\(connector.id), \(connector.applicationID), \(connector.name), \(connector.description), \(connector.type),
                    \(options), \(connector.credentialID), \(connector.version), \(connector.createdAt), \(connector.updatedAt))
                """)
            try await announce(StoreChange(.connectors, applicationID: connector.applicationID), session)
        }
    }

    /// Replaces the row only if its version is still `expectedVersion`; `conflict` otherwise.
    public func updateConnector(_ connector: ConnectorRecord, expectedVersion: Int) async throws {
        let options = JSONValue.object(connector.options).jsonString()
        try await write { session in
            let changed = try await session.execute("""
                UPDATE connectors SET name = \(connector.name), description = \(connector.description), options = \(options),
                    credential_id = \(connector.credentialID), version = \(connector.version), updated_at = \(connector.updatedAt)
                WHERE id = \(connector.id) AND application_id = \(connector.applicationID) AND version = \(expectedVersion)
                """)
            guard changed == 1 else { throw ConnectorError(.conflict, message: "The connector changed while this update was made.") }
            try await announce(StoreChange(.connectors, applicationID: connector.applicationID), session)
        }
    }

    /// The connector whose id or name is `reference` in the application; an id match wins over a name match.
    public func connector(applicationID: String, _ reference: String) async throws -> ConnectorRecord? {
        try await read { session in
            try await session.first("""
                SELECT * FROM connectors WHERE application_id = \(applicationID) AND (id = \(reference) OR name = \(reference))
                ORDER BY (id = \(reference)) DESC LIMIT 1
                """).map(Self.connector(from:))
        }
    }

    /// A page of matching connectors with the total count; the name filter matches a substring, ignoring case.
    public func connectors(applicationID: String, filter: ConnectorFilter, _ page: PageRequest) async throws -> Page<ConnectorRecord> {
        var statement = PostgresStatement()
        var conditions = ["application_id = \(statement.bind(applicationID))"]
        if let type = filter.type { conditions.append("type = \(statement.bind(type))") }
        if let name = filter.name, !name.isEmpty {
            let escaped = name.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            conditions.append("name ILIKE \(statement.bind("%\(escaped)%")) ESCAPE '\\'")
        }
        let whereClause = conditions.joined(separator: " AND ")
        let count = statement.query("SELECT COUNT(*) FROM connectors WHERE \(whereClause)")
        let limit = statement.bind(page.limit), offset = statement.bind(page.offset)
        let select = statement.query(
            "SELECT * FROM connectors WHERE \(whereClause) ORDER BY \(filter.order.sqlClause) LIMIT \(limit) OFFSET \(offset)")
        return try await read { session in
            let rows = try await session.rows(select)
            let total = try await session.count(count)
            return Page(items: try rows.map(Self.connector(from:)), total: total, limit: page.limit, offset: page.offset)
        }
    }

    /// Deletes the row unless dependents exist (`connector_in_use`); `not_found` when there is no such connector.
    public func deleteConnector(applicationID: String, id: String) async throws {
        try await write { session in
            let dependents = try await Self.dependents(of: id, session)
            guard dependents.isEmpty else { throw ConnectorError.connectorInUse(dependents) }
            guard try await session.execute("DELETE FROM connectors WHERE id = \(id) AND application_id = \(applicationID)") == 1 else {
                throw ConnectorError.notFound("connector", id)
            }
            try await announce(StoreChange(.connectors, applicationID: applicationID), session)
        }
    }

    /// Inserts the dependent's row.
    public func insertDependent(_ dependent: DependentRecord) async throws {
        try await write { session in
            try await session.execute("""
                INSERT INTO dependents (id, connector_id, kind, name, created_at)
                VALUES (\(dependent.id), \(dependent.connectorID), \(dependent.kind), \(dependent.name), \(dependent.createdAt))
                """)
        }
    }

    /// Deletes the dependent's row, if there is one.
    public func deleteDependent(id: String) async throws {
        try await write { session in try await session.execute("DELETE FROM dependents WHERE id = \(id)") }
    }

    /// The connector's dependents, oldest first.
    public func dependents(connectorID: String) async throws -> [DependentRecord] {
        try await read { session in try await Self.dependents(of: connectorID, session) }
    }

    private static func dependents(of connectorID: String, _ session: PostgresSession) async throws -> [DependentRecord] {
        try await session.rows("SELECT * FROM dependents WHERE connector_id = \(connectorID) ORDER BY created_at, id").map { row in
            DependentRecord(
                id: try row["id"], connectorID: try row["connector_id"], kind: try row["kind"], name: try row["name"],
                createdAt: try row["created_at"])
        }
    }

    static func connector(from row: PostgresStoreRow) throws -> ConnectorRecord {
        ConnectorRecord(
            id: try row["id"], applicationID: try row["application_id"], name: try row["name"], description: try row["description"],
            type: try row["type"], options: try row.json("options")?.objectValue ?? [:], credentialID: try row["credential_id"],
            version: try row["version"], createdAt: try row["created_at"], updatedAt: try row["updated_at"])
    }
}

import Foundation
import GRDB
import PlugboardCore

extension SQLiteStore {
    /// Inserts the workflow and a dependent row per connector its steps call, in one transaction.
    public func insertWorkflow(_ workflow: WorkflowRecord) async throws {
        let arguments = Self.arguments(for: workflow)
        try await write { db in
            try db.execute(
                sql: """
                    INSERT INTO workflows (id, application_id, name, description, input_schema, steps, concurrency, agent_tool, version, created_at, updated_at)
                    VALUES (:id, :application_id, :name, :description, :input_schema, :steps, :concurrency, :agent_tool, :version, :created_at, :updated_at)
                    """, arguments: arguments)
            try Self.writeDependents(of: workflow, db)
        }
    }

    /// Replaces the workflow and its dependent rows if the version is still `expectedVersion`.
    public func updateWorkflow(_ workflow: WorkflowRecord, expectedVersion: Int) async throws {
        var arguments = Self.arguments(for: workflow)
        arguments += ["expected_version": expectedVersion]
        let updateArguments = arguments
        try await write { db in
            try db.execute(
                sql: """
                    UPDATE workflows SET name = :name, description = :description, input_schema = :input_schema, steps = :steps,
                        concurrency = :concurrency, agent_tool = :agent_tool, version = :version, updated_at = :updated_at
                    WHERE id = :id AND application_id = :application_id AND version = :expected_version
                    """, arguments: updateArguments)
            guard db.changesCount == 1 else {
                throw ConnectorError(.conflict, message: "The workflow changed while this update was made.", fix: "Read it again and repeat the change.")
            }
            try db.execute(sql: "DELETE FROM dependents WHERE owner_id = ?", arguments: [workflow.id])
            try Self.writeDependents(of: workflow, db)
        }
    }

    /// The workflow with this id or name.
    public func workflow(applicationID: String, _ reference: String) async throws -> WorkflowRecord? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM workflows WHERE application_id = ? AND (id = ? OR name = ?) ORDER BY id = ? DESC LIMIT 1",
                arguments: [applicationID, reference, reference, reference]
            ).map(Self.workflow(from:))
        }
    }

    /// Every workflow of the application, by name.
    public func workflows(applicationID: String) async throws -> [WorkflowRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM workflows WHERE application_id = ? ORDER BY name", arguments: [applicationID])
                .map(Self.workflow(from:))
        }
    }

    /// Deletes the workflow and its dependent rows unless a trigger or another workflow's step targets it.
    public func deleteWorkflow(applicationID: String, id: String) async throws {
        try await write { db in
            var users = try String.fetchAll(db, sql: "SELECT 'trigger ''' || name || '''' FROM triggers WHERE target_workflow_id = ?", arguments: [id])
            let others = try Row.fetchAll(db, sql: "SELECT id, name, steps FROM workflows WHERE application_id = ? AND id != ?", arguments: [applicationID, id])
            for row in others {
                let steps = try WorkflowStep.list(try JSONParser.parse(row["steps"] as String))
                if steps.contains(where: { $0.target == .workflow(id) }) { users.append("workflow '\(row["name"] as String)'") }
            }
            guard users.isEmpty else {
                throw ConnectorError(
                    .conflict, message: "The workflow is used by \(users.joined(separator: ", ")).",
                    fix: "Delete or re-point what is listed first.", details: ["usedBy": .array(users.map(JSONValue.string))])
            }
            try db.execute(sql: "DELETE FROM workflows WHERE id = ? AND application_id = ?", arguments: [id, applicationID])
            guard db.changesCount == 1 else { throw ConnectorError.notFound("workflow", id) }
            try db.execute(sql: "DELETE FROM dependents WHERE owner_id = ?", arguments: [id])
        }
    }

    /// One dependent row per connector the steps call, named after the workflow and the steps that call it.
    private static func writeDependents(of workflow: WorkflowRecord, _ db: Database) throws {
        for connectorID in workflow.connectorIDs {
            let steps = workflow.steps.filter { $0.connector == connectorID }.map(\.name)
            try db.execute(
                sql: "INSERT INTO dependents (id, connector_id, kind, name, created_at, owner_id) VALUES (?, ?, ?, ?, ?, ?)",
                arguments: [Identifier.make("dep"), connectorID, WorkflowRecord.dependentKind,
                            "\(workflow.name) (step \(steps.joined(separator: ", ")))", workflow.updatedAt.storedText, workflow.id])
        }
    }

    static func arguments(for workflow: WorkflowRecord) -> StatementArguments {
        [
            "id": workflow.id, "application_id": workflow.applicationID, "name": workflow.name, "description": workflow.description,
            "input_schema": workflow.inputSchema?.jsonString(), "steps": JSONValue.array(workflow.steps.map(\.json)).jsonString(),
            "concurrency": workflow.concurrency, "agent_tool": workflow.agentTool, "version": workflow.version, "created_at": workflow.createdAt.storedText,
            "updated_at": workflow.updatedAt.storedText,
        ]
    }

    static func workflow(from row: Row) throws -> WorkflowRecord {
        let schema: String? = row["input_schema"]
        return WorkflowRecord(
            id: row["id"], applicationID: row["application_id"], name: row["name"], description: row["description"],
            inputSchema: try schema.map { try JSONParser.parse($0) }, steps: try WorkflowStep.list(try JSONParser.parse(row["steps"] as String)),
            concurrency: row["concurrency"], agentTool: row["agent_tool"], version: row["version"], createdAt: row.date("created_at"), updatedAt: row.date("updated_at"))
    }
}

import Foundation
import PlugboardCore

extension PostgresStore {
    /// Inserts the workflow and a dependent row per connector its steps call, in one transaction.
    public func insertWorkflow(_ workflow: WorkflowRecord) async throws {
        let stored = StoredWorkflow(workflow)
        try await write { session in
            try await session.execute("""
                INSERT INTO workflows (id, application_id, name, description, input_schema, steps, concurrency, agent_tool, version,
                    created_at, updated_at)
                VALUES (\(workflow.id), \(workflow.applicationID), \(workflow.name), \(workflow.description), \(stored.inputSchema),
                    \(stored.steps), \(workflow.concurrency), \(workflow.agentTool), \(workflow.version), \(workflow.createdAt), \(workflow.updatedAt))
                """)
            try await Self.writeDependents(of: workflow, session)
            try await announce(StoreChange(.workflows, applicationID: workflow.applicationID), session)
        }
    }

    /// Replaces the workflow and its dependent rows if the version is still `expectedVersion`.
    public func updateWorkflow(_ workflow: WorkflowRecord, expectedVersion: Int) async throws {
        let stored = StoredWorkflow(workflow)
        try await write { session in
            let changed = try await session.execute("""
                UPDATE workflows SET name = \(workflow.name), description = \(workflow.description), input_schema = \(stored.inputSchema),
                    steps = \(stored.steps), concurrency = \(workflow.concurrency), agent_tool = \(workflow.agentTool),
                    version = \(workflow.version), updated_at = \(workflow.updatedAt)
                WHERE id = \(workflow.id) AND application_id = \(workflow.applicationID) AND version = \(expectedVersion)
                """)
            guard changed == 1 else {
                throw ConnectorError(.conflict, message: "The workflow changed while this update was made.", fix: "Read it again and repeat the change.")
            }
            try await session.execute("DELETE FROM dependents WHERE owner_id = \(workflow.id)")
            try await Self.writeDependents(of: workflow, session)
            try await announce(StoreChange(.workflows, applicationID: workflow.applicationID), session)
        }
    }

    /// The workflow with this id or name.
    public func workflow(applicationID: String, _ reference: String) async throws -> WorkflowRecord? {
        try await read { session in
            try await session.first("""
                SELECT * FROM workflows WHERE application_id = \(applicationID) AND (id = \(reference) OR name = \(reference))
                ORDER BY (id = \(reference)) DESC LIMIT 1
                """).map(Self.workflow(from:))
        }
    }

    /// Every workflow of the application, by name.
    public func workflows(applicationID: String) async throws -> [WorkflowRecord] {
        try await read { session in
            try await session.rows("SELECT * FROM workflows WHERE application_id = \(applicationID) ORDER BY name").map(Self.workflow(from:))
        }
    }

    /// Deletes the workflow and its dependent rows unless a trigger or another workflow's step targets it.
    public func deleteWorkflow(applicationID: String, id: String) async throws {
        try await write { session in
            var users: [String] = try await session.rows("SELECT name FROM triggers WHERE target_workflow_id = \(id) ORDER BY name")
                .map { "trigger '\(try $0["name"] as String)'" }
            for row in try await session.rows("SELECT name, steps FROM workflows WHERE application_id = \(applicationID) AND id != \(id)") {
                let steps = try WorkflowStep.list(try row.json("steps") ?? .array([]))
                if steps.contains(where: { $0.target == .workflow(id) }) { users.append("workflow '\(try row["name"] as String)'") }
            }
            guard users.isEmpty else {
                throw ConnectorError(
                    .conflict, message: "The workflow is used by \(users.joined(separator: ", ")).",
                    fix: "Delete or re-point what is listed first.", details: ["usedBy": .array(users.map(JSONValue.string))])
            }
            guard try await session.execute("DELETE FROM workflows WHERE id = \(id) AND application_id = \(applicationID)") == 1 else {
                throw ConnectorError.notFound("workflow", id)
            }
            try await session.execute("DELETE FROM dependents WHERE owner_id = \(id)")
            try await announce(StoreChange(.workflows, applicationID: applicationID), session)
        }
    }

    /// One dependent row per connector the steps call, named after the workflow and the steps that call it.
    private static func writeDependents(of workflow: WorkflowRecord, _ session: PostgresSession) async throws {
        for connectorID in workflow.connectorIDs {
            let steps = workflow.steps.filter { $0.connector == connectorID }.map(\.name)
            let name = "\(workflow.name) (step \(steps.joined(separator: ", ")))"
            try await session.execute("""
                INSERT INTO dependents (id, connector_id, kind, name, created_at, owner_id)
                VALUES (\(Identifier.make("dep")), \(connectorID), \(WorkflowRecord.dependentKind), \(name), \(workflow.updatedAt), \(workflow.id))
                """)
        }
    }

    static func workflow(from row: PostgresStoreRow) throws -> WorkflowRecord {
        WorkflowRecord(
            id: try row["id"], applicationID: try row["application_id"], name: try row["name"], description: try row["description"],
            inputSchema: try row.json("input_schema"), steps: try WorkflowStep.list(try row.json("steps") ?? .array([])),
            concurrency: try row["concurrency"], agentTool: try row["agent_tool"], version: try row["version"],
            createdAt: try row["created_at"], updatedAt: try row["updated_at"])
    }
}

/// A workflow's columns stored as JSON text.
private struct StoredWorkflow {
    var inputSchema: String?
    var steps: String

    init(_ workflow: WorkflowRecord) {
        inputSchema = workflow.inputSchema?.jsonString()
        steps = JSONValue.array(workflow.steps.map(\.json)).jsonString()
    }
}

import Foundation
import PlugboardCore
import PlugboardStore

/// Creates, updates and deletes workflows, and queues their runs. Everything a run could trip over that is known
/// at save time is refused then: unknown connectors and actions, malformed templates, a step that reads a step
/// that has not run yet, `{{ item }}` outside a `forEach`.
public struct WorkflowCatalog: Sendable {
    let runtime: Runtime
    /// Rung when a run is queued, so the runner claims it at once.
    let queued: @Sendable () -> Void

    /// What a create request or a whole replacement holds, in the API's shape.
    public struct Draft: Sendable {
        public var name: String
        public var description: String
        public var inputSchema: JSONValue?
        /// Steps as sent: connectors and workflows by id or name.
        public var steps: [WorkflowStep]
        public var concurrency: Int
        /// Offered to agents as an MCP tool.
        public var agentTool: Bool

        public init(
            name: String, description: String = "", inputSchema: JSONValue? = nil, steps: [WorkflowStep], concurrency: Int = 4,
            agentTool: Bool = false
        ) {
            self.name = name
            self.description = description
            self.inputSchema = inputSchema
            self.steps = steps
            self.concurrency = concurrency
            self.agentTool = agentTool
        }

        /// Reads `{"name", "description", "inputSchema", "steps", "concurrency", "agentTool"}`; members absent from
        /// `body` keep their value in `base`.
        public init(json body: JSONObject, base: WorkflowRecord? = nil) throws(ConnectorError) {
            try body.onlyKeys(["name", "description", "inputSchema", "steps", "concurrency", "agentTool"])
            guard let name = try body.string("name") ?? base?.name else {
                throw .invalidInput("The field 'name' is required.", field: "name")
            }
            self.name = name
            description = try body.string("description") ?? base?.description ?? ""
            switch body["inputSchema"] {
            case nil: inputSchema = base?.inputSchema
            case .null?: inputSchema = nil
            case .object(let schema)?: inputSchema = .object(schema)
            case let other?: throw .invalidInput("The field 'inputSchema' must be a JSON Schema object, not \(other.typeName).", field: "inputSchema")
            }
            if let steps = body["steps"] {
                self.steps = try WorkflowStep.list(steps)
            } else if let base {
                self.steps = base.steps
            } else {
                throw .invalidInput("The field 'steps' is required: a list of steps.", field: "steps")
            }
            concurrency = try body.integer("concurrency") ?? base?.concurrency ?? 4
            agentTool = try body.bool("agentTool") ?? base?.agentTool ?? false
        }
    }

    /// Checks and stores a new workflow.
    public func create(applicationID: String, _ draft: Draft) async throws -> WorkflowRecord {
        let id = Identifier.make("wf")
        let steps = try await checked(draft, applicationID: applicationID, workflowID: id)
        let record = WorkflowRecord(
            id: id, applicationID: applicationID, name: draft.name, description: draft.description, inputSchema: draft.inputSchema,
            steps: steps, concurrency: draft.concurrency, agentTool: draft.agentTool)
        try await runtime.store.insertWorkflow(record)
        announce(record)
        return record
    }

    /// Checks and stores a new version; runs already queued keep the steps they started with.
    public func update(_ existing: WorkflowRecord, _ draft: Draft) async throws -> WorkflowRecord {
        var updated = existing
        updated.steps = try await checked(draft, applicationID: existing.applicationID, workflowID: existing.id)
        updated.name = draft.name
        updated.description = draft.description
        updated.inputSchema = draft.inputSchema
        updated.concurrency = draft.concurrency
        updated.agentTool = draft.agentTool
        updated.version += 1
        updated.updatedAt = Date()
        try await runtime.store.updateWorkflow(updated, expectedVersion: existing.version)
        announce(updated)
        return updated
    }

    /// Deletes the workflow; refused while a trigger or another workflow uses it.
    public func delete(_ workflow: WorkflowRecord) async throws {
        try await runtime.store.deleteWorkflow(applicationID: workflow.applicationID, id: workflow.id)
        announce(workflow)
    }

    /// Tells MCP sessions to list tools again when a workflow offered (or no longer offered) as a tool changed.
    private func announce(_ workflow: WorkflowRecord) {
        runtime.changes.publish(CatalogChange(applicationID: workflow.applicationID, kind: .workflows))
    }

    /// Queues a run of `workflow` with `input`, checked against its input schema.
    public func startRun(_ workflow: WorkflowRecord, input: JSONValue, startedBy: String) async throws -> WorkflowRunRecord {
        let run = try Self.run(of: workflow, input: input, startedBy: startedBy)
        try await runtime.store.insertRun(run)
        queued()
        return run
    }

    /// A queued run of `workflow`, its input checked; trigger deliveries build theirs here too.
    static func run(of workflow: WorkflowRecord, input: JSONValue, startedBy: String, eventID: String? = nil) throws -> WorkflowRunRecord {
        if let schema = workflow.inputSchema {
            try SchemaValidator.validate(input, against: schema)
        }
        return WorkflowRunRecord(
            applicationID: workflow.applicationID, workflowID: workflow.id, workflowName: workflow.name, steps: workflow.steps,
            input: input, eventID: eventID, startedBy: startedBy)
    }

    /// The steps with connectors and workflows resolved to ids, after checking everything a run depends on.
    private func checked(_ draft: Draft, applicationID: String, workflowID: String) async throws -> [WorkflowStep] {
        try CredentialVault.checkName(draft.name)
        guard draft.description.count <= 2000 else {
            throw ConnectorError.invalidInput("A description must be at most 2000 characters.", field: "description")
        }
        guard (1...100).contains(draft.concurrency) else {
            throw ConnectorError.invalidInput("concurrency is how many runs may run at once: 1 to 100.", field: "concurrency")
        }
        guard !draft.steps.isEmpty, draft.steps.count <= 100 else {
            throw ConnectorError.invalidInput("A workflow has 1 to 100 steps.", field: "steps")
        }
        var seen = Set<String>()
        var resolved: [WorkflowStep] = []
        for (index, step) in draft.steps.enumerated() {
            let field = "steps[\(index)]"
            guard seen.insert(step.name).inserted else {
                throw ConnectorError.invalidInput("Two steps are named '\(step.name)'; step names must be unique.", field: "\(field).name")
            }
            try Self.checkTemplates(step, field: field, earlier: seen.subtracting([step.name]))
            var step = step
            step.target = try await resolve(step.target, applicationID: applicationID, workflowID: workflowID, field: field)
            resolved.append(step)
        }
        return resolved
    }

    /// Parses the step's templates and checks that they read only the input, earlier steps, and `item` in a `forEach`.
    static func checkTemplates(_ step: WorkflowStep, field: String, earlier: Set<String>) throws(ConnectorError) {
        var references: [(JSONPath, String)] = []
        for reference in try WorkflowTemplate(step.input, field: "\(field).input").references { references.append((reference, "\(field).input")) }
        if let condition = step.condition {
            for reference in try WorkflowTemplate(.string(condition), field: "\(field).if").references { references.append((reference, "\(field).if")) }
        }
        if let forEach = step.forEach {
            let template = try WorkflowTemplate(.string(forEach), field: "\(field).forEach")
            guard template.references.count == 1 else {
                throw .invalidInput("forEach is one reference to a list, such as '{{ steps.fetch.output.items }}'.", field: "\(field).forEach")
            }
            for reference in template.references { references.append((reference, "\(field).forEach")) }
        }
        for (path, location) in references {
            guard case .key(let root)? = path.steps.first else { continue }
            if root == "item", step.forEach == nil || location.hasSuffix(".forEach") {
                throw .invalidInput("'{{ item }}' is only known inside a step with forEach.", field: location)
            }
            if root == "steps" {
                guard path.steps.count >= 2, case .key(let name) = path.steps[1] else {
                    throw .invalidInput("A step reference reads 'steps.NAME.output…'.", field: location)
                }
                guard earlier.contains(name) else {
                    throw .invalidInput(
                        "'\(path)' reads step '\(name)', which does not run before step '\(step.name)'.", field: location,
                        details: ["earlierSteps": .array(earlier.sorted().map(JSONValue.string))])
                }
            }
        }
    }

    /// A step's connector or workflow, by id, after checking it exists and offers the action.
    private func resolve(_ target: WorkflowStep.Target, applicationID: String, workflowID: String, field: String) async throws -> WorkflowStep.Target {
        switch target {
        case .action(let reference, let action):
            guard let connector = try await runtime.store.connector(applicationID: applicationID, reference) else {
                throw ConnectorError(
                    .notFound, message: "Step \(field) names connector '\(reference)', which does not exist in this application.",
                    field: "\(field).connector")
            }
            let descriptor = try runtime.registry.driver(for: connector.type).descriptor
            guard descriptor.action(named: action) != nil || descriptor.connectorActions else {
                throw ConnectorError(
                    .invalidInput, message: "The \(descriptor.displayName) connector '\(connector.name)' has no action '\(action)'.",
                    fix: "Use one of: \(descriptor.actions.map(\.name).joined(separator: ", ")).", field: "\(field).action")
            }
            return .action(connector: connector.id, action: action)
        case .workflow(let reference):
            guard let workflow = try await runtime.store.workflow(applicationID: applicationID, reference) else {
                throw ConnectorError(.notFound, message: "Step \(field) names workflow '\(reference)', which does not exist.", field: "\(field).workflow")
            }
            guard workflow.id != workflowID else {
                throw ConnectorError.invalidInput("A workflow cannot run itself as a step.", field: "\(field).workflow")
            }
            return .workflow(workflow.id)
        }
    }
}

import Foundation
import PlugboardCore

/// A named, ordered list of steps an application runs by hand, from a trigger, or as an agent's tool.
///
/// Every connector a step calls has a row in `dependents` owned by the workflow, so the connector cannot be
/// deleted while the workflow uses it.
public struct WorkflowRecord: Sendable, Hashable {
    /// `wf_` followed by 20 random characters.
    public var id: String
    public var applicationID: String
    /// Unique in the application.
    public var name: String
    public var description: String
    /// A JSON Schema the run's input must match, or nil to take any object.
    public var inputSchema: JSONValue?
    public var steps: [WorkflowStep]
    /// How many of its runs may be running at once; more wait queued.
    public var concurrency: Int
    /// Offered to the application's agents as an MCP tool, its input schema the tool's.
    public var agentTool: Bool
    /// Bumped on every change; a run keeps the steps of the version it started with.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String = Identifier.make("wf"), applicationID: String, name: String, description: String = "", inputSchema: JSONValue? = nil,
        steps: [WorkflowStep], concurrency: Int = 4, agentTool: Bool = false, version: Int = 1, createdAt: Date = Date(),
        updatedAt: Date = Date()
    ) {
        self.id = id
        self.applicationID = applicationID
        self.name = name
        self.description = description
        self.inputSchema = inputSchema
        self.steps = steps
        self.concurrency = concurrency
        self.agentTool = agentTool
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The connectors its steps call, each once, in step order.
    public var connectorIDs: [String] {
        var seen = Set<String>()
        return steps.compactMap(\.connector).filter { seen.insert($0).inserted }
    }

    /// The dependent kind workflow steps are recorded under.
    public static let dependentKind = "workflow"
}

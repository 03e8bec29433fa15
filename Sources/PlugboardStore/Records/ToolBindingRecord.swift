import Foundation

/// An application's choice of which actions of one connector agents see as MCP tools.
///
/// Each binding is also a dependent of its connector (`dependentID`), so the connector cannot be deleted while
/// agents may call it. One binding per connector; its `actions` list what is exposed, in order.
public struct ToolBindingRecord: Sendable, Hashable {
    /// `tb_` followed by 20 random characters.
    public var id: String
    /// The application the binding belongs to.
    public var applicationID: String
    /// The connector whose actions become tools.
    public var connectorID: String
    /// Names of the connector's actions agents may call, in the order tools are listed.
    public var actions: [String]
    /// The row in `dependents` that keeps the connector from being deleted.
    public var dependentID: String
    /// Bumped on every change.
    public var version: Int
    /// When the binding was created.
    public var createdAt: Date
    /// When the binding last changed.
    public var updatedAt: Date

    /// A binding at version 1 with fresh `tb_` and `dep_` ids unless given.
    public init(
        id: String = Identifier.make("tb"), applicationID: String, connectorID: String, actions: [String],
        dependentID: String = Identifier.make("dep"), version: Int = 1, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.applicationID = applicationID
        self.connectorID = connectorID
        self.actions = actions
        self.dependentID = dependentID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// The dependent kind tool bindings are recorded under.
    public static let dependentKind = "tool_binding"

    /// How `connector_in_use` names the binding: the actions it exposes.
    var dependentName: String { "agent tools (\(actions.joined(separator: ", ")))" }
}

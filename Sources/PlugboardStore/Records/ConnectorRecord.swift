import Foundation
import PlugboardCore

/// A named connector: a type, its connection options and an optional credential, in one application.
public struct ConnectorRecord: Sendable, Hashable {
    /// `conn_` followed by 20 random characters.
    public var id: String
    /// The application the connector belongs to.
    public var applicationID: String
    /// The connector's name, unique within its application.
    public var name: String
    /// Free text for people; empty when none was given.
    public var description: String
    /// The connector type id, `plugboard.nodes.<slug>`.
    public var type: String
    /// The connection fields as validated against the type's schema, defaults applied; never secrets.
    public var options: JSONObject
    /// The linked credential, in the same application; nil for none.
    public var credentialID: String?
    /// Bumped on every change; sessions of older versions drain.
    public var version: Int
    /// When the connector was created.
    public var createdAt: Date
    /// When the connector last changed.
    public var updatedAt: Date

    /// A connector at version 1 with a fresh `conn_` id unless one is given.
    public init(
        id: String = Identifier.make("conn"), applicationID: String, name: String, description: String, type: String,
        options: JSONObject, credentialID: String?, version: Int = 1, createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.applicationID = applicationID
        self.name = name
        self.description = description
        self.type = type
        self.options = options
        self.credentialID = credentialID
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Which connectors to list.
public struct ConnectorFilter: Sendable, Hashable {
    /// Only connectors of this type id; nil for every type.
    public var type: String?
    /// Matches names containing this text, case-insensitively.
    public var name: String?
    /// The order of the list; by name, ascending, unless set.
    public var order: ConnectorOrder

    /// With no arguments: every connector, by name.
    public init(type: String? = nil, name: String? = nil, order: ConnectorOrder = ConnectorOrder()) {
        self.type = type
        self.name = name
        self.order = order
    }
}

/// Something that uses a connector: a trigger, a workflow node or an agent's tool binding.
public struct DependentRecord: Sendable, Hashable {
    /// `dep_` followed by 20 random characters.
    public var id: String
    /// The connector this depends on, which cannot be deleted while it exists.
    public var connectorID: String
    /// `trigger`, `workflow_node` or `tool_binding`.
    public var kind: String
    /// The dependent's name, as `connector_in_use` errors list it.
    public var name: String
    /// When the dependent was recorded.
    public var createdAt: Date

    /// A dependent with a fresh `dep_` id unless one is given.
    public init(id: String = Identifier.make("dep"), connectorID: String, kind: String, name: String, createdAt: Date = Date()) {
        self.id = id
        self.connectorID = connectorID
        self.kind = kind
        self.name = name
        self.createdAt = createdAt
    }
}

import Foundation
import PlugboardCore

/// A named connector: a type, its connection options and an optional credential, in one application.
public struct ConnectorRecord: Sendable, Hashable {
    public var id: String
    public var applicationID: String
    public var name: String
    public var description: String
    /// The connector type id, `plugboard.nodes.<slug>`.
    public var type: String
    public var options: JSONObject
    public var credentialID: String?
    /// Bumped on every change; sessions of older versions drain.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

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
    public var type: String?
    /// Matches names containing this text, case-insensitively.
    public var name: String?
    /// The order of the list; by name, ascending, unless set.
    public var order: ConnectorOrder

    public init(type: String? = nil, name: String? = nil, order: ConnectorOrder = ConnectorOrder()) {
        self.type = type
        self.name = name
        self.order = order
    }
}

/// Something that uses a connector: a trigger, a workflow node or an agent's tool binding.
public struct DependentRecord: Sendable, Hashable {
    public var id: String
    public var connectorID: String
    /// `trigger`, `workflow_node` or `tool_binding`.
    public var kind: String
    public var name: String
    public var createdAt: Date

    public init(id: String = Identifier.make("dep"), connectorID: String, kind: String, name: String, createdAt: Date = Date()) {
        self.id = id
        self.connectorID = connectorID
        self.kind = kind
        self.name = name
        self.createdAt = createdAt
    }
}

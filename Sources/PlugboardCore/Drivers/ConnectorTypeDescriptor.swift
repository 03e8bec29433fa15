/// What a connector type is: its id, category, fields, accepted credentials and actions.
public struct ConnectorTypeDescriptor: Sendable {
    /// `plugboard.nodes.<slug>`; the Resource column.
    public var id: String
    /// Groups connector types in the catalog ("Databases", "APIs and protocols").
    public var category: String
    /// The connector type's name as the UI shows it.
    public var displayName: String
    /// One sentence on what the connector type connects to.
    public var description: String
    /// The connection fields as a JSON Schema object.
    public var optionsSchema: JSONValue
    /// Credential kinds a connector of this type accepts.
    public var credentialKinds: [CredentialKind]
    /// Whether a connector of this type must have a credential.
    public var credentialRequired: Bool
    /// The type's actions, in the driver's table order.
    public var actions: [ActionDescriptor]
    /// Each connector adds actions of its own, read from its configuration or service.
    public var connectorActions: Bool
    /// The node can describe what its service holds (`GET …/connectors/{connector}/schema`).
    public var schemaDiscovery: Bool

    public init(
        id: String, category: String, displayName: String, description: String, optionsSchema: JSONValue,
        credentialKinds: [CredentialKind], credentialRequired: Bool, actions: [ActionDescriptor],
        connectorActions: Bool = false, schemaDiscovery: Bool = false
    ) {
        self.connectorActions = connectorActions
        self.schemaDiscovery = schemaDiscovery
        self.id = id
        self.category = category
        self.displayName = displayName
        self.description = description
        self.optionsSchema = optionsSchema
        self.credentialKinds = credentialKinds
        self.credentialRequired = credentialRequired
        self.actions = actions
    }

    /// The action with this name, or nil when the type has none.
    public func action(named name: String) -> ActionDescriptor? {
        actions.first { $0.name == name }
    }

    /// The descriptor as the API's connector type object.
    public var json: JSONValue {
        ["id": .string(id), "category": .string(category), "displayName": .string(displayName),
         "description": .string(description), "optionsSchema": optionsSchema,
         "credentialKinds": .array(credentialKinds.map { .string($0.rawValue) }),
         "credentialRequired": .bool(credentialRequired), "actions": .array(actions.map(\.json)),
         "connectorActions": .bool(connectorActions), "schemaDiscovery": .bool(schemaDiscovery)]
    }
}

/// The fixed facts of a connector type, declared by its driver.
public struct ConnectorTypeInfo: Sendable {
    /// The type's short name; the id is `plugboard.nodes.<slug>`.
    public var slug: String
    /// Groups connector types in the catalog ("Databases", "APIs and protocols").
    public var category: String
    /// The connector type's name as the UI shows it.
    public var displayName: String
    /// One sentence on what the connector type connects to.
    public var description: String
    /// Credential kinds a connector of this type accepts.
    public var credentialKinds: [CredentialKind]
    /// Whether a connector of this type must have a credential.
    public var credentialRequired: Bool
    /// Each connector adds actions of its own (`ConnectorDriver.connectorActions`).
    public var connectorActions: Bool
    /// The node describes what its service holds (`ConnectorDriver.discover`).
    public var schemaDiscovery: Bool
    /// A configuration is checked with the network before it is saved (`ConnectorDriver.check`).
    public var checksOnSave: Bool

    public init(
        slug: String, category: String, displayName: String, description: String, credentialKinds: [CredentialKind],
        credentialRequired: Bool = false, connectorActions: Bool = false, schemaDiscovery: Bool = false, checksOnSave: Bool = false
    ) {
        self.connectorActions = connectorActions
        self.schemaDiscovery = schemaDiscovery
        self.checksOnSave = checksOnSave
        self.slug = slug
        self.category = category
        self.displayName = displayName
        self.description = description
        self.credentialKinds = credentialKinds
        self.credentialRequired = credentialRequired
    }

    /// The connector type id, `plugboard.nodes.<slug>`.
    public var id: String { "plugboard.nodes.\(slug)" }
}

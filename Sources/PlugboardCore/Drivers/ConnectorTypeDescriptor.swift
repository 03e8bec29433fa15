/// What a connector type is: its id, category, fields, accepted credentials, actions and capabilities.
///
/// A driver declares the fixed facts (`ConnectorDriver.descriptor`); registering it fills in the options schema from
/// its configuration, the actions from its table and the capabilities from the protocols it conforms to.
public struct ConnectorTypeDescriptor: Sendable {
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
    /// The connection fields as a JSON Schema object; filled in at registration.
    public internal(set) var optionsSchema: JSONValue = Schema.object([:])
    /// The type's actions, in the driver's table order; filled in at registration.
    public internal(set) var actions: [ActionDescriptor] = []
    /// What the driver can do besides running actions; detected at registration.
    public internal(set) var capabilities: ConnectorCapabilities = []
    /// The trigger sources its connectors offer; filled in at registration.
    public internal(set) var triggerSources: [TriggerSourceDescriptor] = []

    /// The fixed facts of a connector type, as its driver declares them.
    public init(
        slug: String, category: String, displayName: String, description: String, credentialKinds: [CredentialKind],
        credentialRequired: Bool = false
    ) {
        self.slug = slug
        self.category = category
        self.displayName = displayName
        self.description = description
        self.credentialKinds = credentialKinds
        self.credentialRequired = credentialRequired
    }

    /// The connector type id, `plugboard.nodes.<slug>`.
    public var id: String { "plugboard.nodes.\(slug)" }

    /// Each connector adds actions of its own, read from its configuration or service.
    public var connectorActions: Bool { capabilities.contains(.connectorActions) }
    /// The node can describe what its service holds (`GET …/connectors/{connector}/schema`).
    public var schemaDiscovery: Bool { capabilities.contains(.schemaDiscovery) }
    /// A configuration is checked with the network before it is saved.
    public var checksOnSave: Bool { capabilities.contains(.checksOnSave) }

    /// The trigger source with this name, or nil when the type has none.
    public func triggerSource(named name: String) -> TriggerSourceDescriptor? {
        triggerSources.first { $0.name == name }
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
         "connectorActions": .bool(connectorActions), "schemaDiscovery": .bool(schemaDiscovery),
         "triggerSources": .array(triggerSources.map(\.json))]
    }
}

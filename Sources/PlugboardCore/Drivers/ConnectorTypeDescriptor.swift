/// What a connector type is: its id, category, fields, accepted credentials and actions.
public struct ConnectorTypeDescriptor: Sendable {
    /// `plugboard.nodes.<slug>`; the Resource column.
    public var id: String
    public var category: String
    public var displayName: String
    public var description: String
    /// The connection fields as a JSON Schema object.
    public var optionsSchema: JSONValue
    public var credentialKinds: [CredentialKind]
    public var credentialRequired: Bool
    public var actions: [ActionDescriptor]

    public init(
        id: String, category: String, displayName: String, description: String, optionsSchema: JSONValue,
        credentialKinds: [CredentialKind], credentialRequired: Bool, actions: [ActionDescriptor]
    ) {
        self.id = id
        self.category = category
        self.displayName = displayName
        self.description = description
        self.optionsSchema = optionsSchema
        self.credentialKinds = credentialKinds
        self.credentialRequired = credentialRequired
        self.actions = actions
    }

    public func action(named name: String) -> ActionDescriptor? {
        actions.first { $0.name == name }
    }

    public var json: JSONValue {
        ["id": .string(id), "category": .string(category), "displayName": .string(displayName),
         "description": .string(description), "optionsSchema": optionsSchema,
         "credentialKinds": .array(credentialKinds.map { .string($0.rawValue) }),
         "credentialRequired": .bool(credentialRequired), "actions": .array(actions.map(\.json))]
    }
}

/// The fixed facts of a connector type, declared by its driver.
public struct ConnectorTypeInfo: Sendable {
    public var slug: String
    public var category: String
    public var displayName: String
    public var description: String
    public var credentialKinds: [CredentialKind]
    public var credentialRequired: Bool

    public init(slug: String, category: String, displayName: String, description: String, credentialKinds: [CredentialKind], credentialRequired: Bool = false) {
        self.slug = slug
        self.category = category
        self.displayName = displayName
        self.description = description
        self.credentialKinds = credentialKinds
        self.credentialRequired = credentialRequired
    }

    public var id: String { "plugboard.nodes.\(slug)" }
}

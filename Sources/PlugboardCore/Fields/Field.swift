/// One field of a `FieldSet`: its JSON name, the property it is stored in, and what its schema says about it.
///
/// The default is not written here: the schema reads it from the property's initial value, through the key path.
/// Key path literals are `Sendable` in Swift 6 (SE-0418) when they capture nothing that is not.
public struct Field<Root: FieldSet>: Sendable {
    /// The member name in JSON, such as `endpointUrl`.
    public let name: String
    /// Whether the member must be present and not null; a required field shows no default.
    public let isRequired: Bool
    /// Whether the value is a secret: its schema says `writeOnly`, so forms and the API never read it back.
    public let isSecret: Bool
    /// Keywords the value must meet beyond its type (`format`, `enum`, bounds), checked on decoding as the schema says.
    let constraints: JSONObject
    private let annotations: JSONObject
    private let valueSchema: @Sendable () -> JSONObject
    private let defaultJSON: @Sendable (Root) -> JSONValue?
    private let read: @Sendable (inout Root, JSONValue, FieldPath) throws(ConnectorError) -> Void
    private let write: @Sendable (Root) -> JSONValue

    /// A field of any `FieldValue`: booleans, maps, arrays, nested sets, `FieldChoice` enums, any JSON.
    public init<Value: FieldValue>(
        _ name: String, _ keyPath: WritableKeyPath<Root, Value> & Sendable, title: String? = nil, description: String? = nil,
        required: Bool = false, secret: Bool = false
    ) {
        self.init(name, keyPath, title: title, description: description, constraints: [:], required: required, secret: secret)
    }

    /// The field every public initializer makes, with the type's own `constraints` already in schema form.
    init<Value: FieldValue>(
        _ name: String, _ keyPath: WritableKeyPath<Root, Value> & Sendable, title: String?, description: String?,
        constraints: JSONObject, required: Bool, secret: Bool
    ) {
        self.name = name
        self.isRequired = required
        self.isSecret = secret
        self.constraints = constraints
        var annotations = JSONObject()
        if secret { annotations["writeOnly"] = true }
        if let title { annotations["title"] = .string(title) }
        if let description { annotations["description"] = .string(description) }
        self.annotations = annotations
        valueSchema = { Value.fieldSchema }
        defaultJSON = { root in root[keyPath: keyPath].schemaDefault }
        read = { root, json, path throws(ConnectorError) in root[keyPath: keyPath] = try Value(fieldJSON: json, at: path) }
        write = { root in root[keyPath: keyPath].fieldJSON }
    }

    private init(
        name: String, isRequired: Bool, isSecret: Bool, constraints: JSONObject, annotations: JSONObject,
        valueSchema: @escaping @Sendable () -> JSONObject, defaultJSON: @escaping @Sendable (Root) -> JSONValue?,
        read: @escaping @Sendable (inout Root, JSONValue, FieldPath) throws(ConnectorError) -> Void,
        write: @escaping @Sendable (Root) -> JSONValue
    ) {
        self.name = name
        self.isRequired = isRequired
        self.isSecret = isSecret
        self.constraints = constraints
        self.annotations = annotations
        self.valueSchema = valueSchema
        self.defaultJSON = defaultJSON
        self.read = read
        self.write = write
    }

    /// The property's schema in the order `Schema`'s builders write: type, default, the type's keywords, constraints,
    /// `writeOnly`, title, description. The default is `defaults`' value, left out for required fields.
    func schema(defaults: Root) -> JSONObject {
        let base = valueSchema()
        var schema = JSONObject()
        if let type = base["type"] { schema["type"] = type }
        if !isRequired, let value = defaultJSON(defaults) { schema["default"] = value }
        for (keyword, value) in base where keyword != "type" { schema[keyword] = value }
        for (keyword, value) in constraints { schema[keyword] = value }
        for (keyword, value) in annotations { schema[keyword] = value }
        return schema
    }

    /// Sets the field in `root` from a present, non-null `json`, checking it against the field's constraints.
    func decode(_ json: JSONValue, into root: inout Root, at path: FieldPath) throws(ConnectorError) {
        try read(&root, json, path)
        if !constraints.isEmpty, let issue = SchemaValidator.issues(in: json, against: .object(constraints)).first {
            throw path.fault(issue.message)
        }
    }

    /// The field's value in `root` as JSON; null for a nil optional.
    func encode(_ root: Root) -> JSONValue {
        write(root)
    }

    /// This field accepting only JSON values of `types` (such as a document given as text or as an object); the
    /// decoder checks it.
    public func restricted(to types: [String]) -> Field<Root> {
        adjusting("type", to: .array(types.map { .string($0) }))
    }

    /// This field with one schema keyword replaced: an annotation (`description`) or a constraint (`minimum`), which the
    /// decoder then checks too. How a node words or bounds a shared field its own way.
    func adjusting(_ keyword: String, to value: JSONValue) -> Field<Root> {
        var constraints = self.constraints
        var annotations = self.annotations
        if ["title", "description", "writeOnly"].contains(keyword) { annotations[keyword] = value } else { constraints[keyword] = value }
        return Field(
            name: name, isRequired: isRequired, isSecret: isSecret, constraints: constraints, annotations: annotations,
            valueSchema: valueSchema, defaultJSON: defaultJSON, read: read, write: write)
    }

    /// This field as a field of `Outer`, stored in the member set `keyPath` points to; how `FieldGroup` splices a set in.
    func lifted<Outer: FieldSet>(through keyPath: WritableKeyPath<Outer, Root> & Sendable) -> Field<Outer> {
        let read = self.read
        let write = self.write
        let defaultJSON = self.defaultJSON
        return Field<Outer>(
            name: name, isRequired: isRequired, isSecret: isSecret, constraints: constraints, annotations: annotations,
            valueSchema: valueSchema, defaultJSON: { outer in defaultJSON(outer[keyPath: keyPath]) },
            read: { outer, json, path throws(ConnectorError) in try read(&outer[keyPath: keyPath], json, path) },
            write: { outer in write(outer[keyPath: keyPath]) })
    }
}

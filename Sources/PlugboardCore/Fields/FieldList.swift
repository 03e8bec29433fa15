/// A `FieldSet`'s fields in form order: the one declaration its schema, decoder and encoder are all read from.
///
/// ```swift
/// static let fields = FieldList<Self>(title: "GraphQL") {
///     Field("endpointUrl", \.endpoint, title: "Endpoint URL", format: "uri", required: true)
///     FieldGroup(\.connection)
///     Field("maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests", minimum: 1, maximum: 1024)
/// }
/// ```
public struct FieldList<Root: FieldSet>: Sendable {
    /// The schema's title, shown above the form.
    public let title: String?
    /// The schema's description.
    public let description: String?
    /// The fields, in form order.
    let fields: [Field<Root>]
    /// Spliced-in member sets' `validate()`, run before `Root.validate()`.
    let checks: [@Sendable (Root) throws(ConnectorError) -> Void]
    /// The names, for refusing unknown members.
    let known: Set<String>

    /// The fields `content` declares; two fields with one name are a programming error and stop the process.
    public init(title: String? = nil, description: String? = nil, @FieldListBuilder<Root> _ content: () -> FieldGroup<Root>) {
        let group = content()
        self.title = title
        self.description = description
        fields = group.fields
        checks = group.checks
        known = Set(group.fields.map(\.name))
        precondition(known.count == fields.count, "\(Root.self) declares a field name twice: \(fields.map(\.name))")
    }

    /// The member names, in form order.
    public var names: [String] { fields.map(\.name) }

    /// The names of the required members, in form order.
    public var requiredNames: [String] { fields.filter(\.isRequired).map(\.name) }

    /// The names of the secret (`writeOnly`) members, in form order.
    public var secretNames: [String] { fields.filter(\.isSecret).map(\.name) }

    /// The object schema, as `Schema.object` writes it: properties in form order, `required`, `additionalProperties: false`.
    ///
    /// Each property's `default` is read from `Root()`, so it is the property's initial value and is written only there.
    public var schema: JSONValue {
        let defaults = Root()
        var properties = JSONObject()
        for field in fields { properties[field.name] = .object(field.schema(defaults: defaults)) }
        return Schema.object(properties, required: requiredNames, title: title, description: description)
    }
}

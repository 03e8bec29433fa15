import PlugboardCore

/// Reads a service's schema through GraphQL introspection and condenses it into a shape a model can read:
/// queries and mutations with their arguments, then the types they use, every type reference written as in SDL (`[User!]!`).
enum GraphQLIntrospection {
    /// The introspection query: every type with its fields, arguments, input fields, enum values and relations.
    static let query = """
        query PlugboardIntrospection {
          __schema {
            queryType { name }
            mutationType { name }
            types {
              kind name description
              fields(includeDeprecated: true) {
                name description isDeprecated deprecationReason
                args { name description defaultValue type { ...TypeReference } }
                type { ...TypeReference }
              }
              inputFields { name description defaultValue type { ...TypeReference } }
              interfaces { name }
              enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
              possibleTypes { name }
            }
          }
        }
        fragment TypeReference on __Type {
          kind name
          ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
        }
        """

    /// Scalars every GraphQL service has; listing them would only add noise.
    static let builtInScalars: Set<String> = ["String", "Int", "Float", "Boolean", "ID"]

    /// Runs the introspection query through `session` and returns the compact schema.
    ///
    /// A service that answers with errors (introspection turned off, for one) fails with `schema_discovery_failed`.
    static func discover(_ session: GraphQLSession, context: CallContext) async throws(ConnectorError) -> JSONValue {
        let response = try await session.execute(["query": .string(query), "operationName": "PlugboardIntrospection"], context: context)
        if let first = response.errors.first {
            let message = first["message"]?.stringValue ?? "an error without a message"
            throw ConnectorError(
                .schemaDiscoveryFailed, message: "\(session.service) refused the introspection query: \(message)",
                cause: "The service may have introspection turned off, or the credential may not read the schema.",
                fix: "Turn introspection on for this credential, or write queries from the service's documentation.",
                details: ["errors": .array(response.errors)])
        }
        guard let schema = response.data?["__schema"], let types = schema["types"]?.arrayValue else {
            throw ConnectorError(.schemaDiscoveryFailed, message: "\(session.service) answered the introspection query without a __schema.")
        }
        return summary(schema: schema, types: types)
    }

    /// `{queryType, mutationType, queries, mutations, types}` from an introspection `__schema`.
    static func summary(schema: JSONValue, types: [JSONValue]) -> JSONValue {
        let queryType = schema["queryType"]?["name"]?.stringValue
        let mutationType = schema["mutationType"]?["name"]?.stringValue
        func rootFields(_ name: String?) -> JSONValue {
            guard let name, let type = types.first(where: { $0["name"]?.stringValue == name }) else { return [] }
            return .array((type["fields"]?.arrayValue ?? []).map(field))
        }
        let roots = Set([queryType, mutationType, schema["subscriptionType"]?["name"]?.stringValue].compactMap { $0 })
        let named = types.filter { type in
            guard let name = type["name"]?.stringValue else { return false }
            return !name.hasPrefix("__") && !roots.contains(name) && !builtInScalars.contains(name)
        }
        return [
            "queryType": queryType.map { .string($0) } ?? .null, "mutationType": mutationType.map { .string($0) } ?? .null,
            "queries": rootFields(queryType), "mutations": rootFields(mutationType), "types": .array(named.map(type)),
        ]
    }

    /// One type: kind, name, description, and whichever of fields, input fields, enum values, interfaces and
    /// possible types it has.
    static func type(_ type: JSONValue) -> JSONValue {
        var object: JSONObject = ["kind": type["kind"] ?? .null, "name": type["name"] ?? .null]
        describe(&object, type)
        if let fields = type["fields"]?.arrayValue, !fields.isEmpty { object["fields"] = .array(fields.map(field)) }
        if let fields = type["inputFields"]?.arrayValue, !fields.isEmpty { object["inputFields"] = .array(fields.map(value)) }
        if let values = type["enumValues"]?.arrayValue, !values.isEmpty {
            object["enumValues"] = .array(values.map { value in
                var entry: JSONObject = ["name": value["name"] ?? .null]
                describe(&entry, value)
                return .object(entry)
            })
        }
        for member in ["interfaces", "possibleTypes"] {
            if let list = type[member]?.arrayValue, !list.isEmpty { object[member] = .array(list.compactMap { $0["name"] }) }
        }
        return .object(object)
    }

    /// A field: name, type, description, and its arguments.
    static func field(_ field: JSONValue) -> JSONValue {
        var object: JSONObject = ["name": field["name"] ?? .null, "type": .string(typeName(field["type"]))]
        describe(&object, field)
        if let arguments = field["args"]?.arrayValue, !arguments.isEmpty { object["arguments"] = .array(arguments.map(value)) }
        return .object(object)
    }

    /// An argument or input field: name, type, default value and description.
    static func value(_ value: JSONValue) -> JSONValue {
        var object: JSONObject = ["name": value["name"] ?? .null, "type": .string(typeName(value["type"]))]
        if let defaultValue = value["defaultValue"]?.stringValue { object["defaultValue"] = .string(defaultValue) }
        describe(&object, value)
        return .object(object)
    }

    /// A type reference as SDL writes it: `User`, `[User!]!`.
    static func typeName(_ reference: JSONValue?) -> String {
        guard let reference else { return "?" }
        switch reference["kind"]?.stringValue {
        case "NON_NULL"?: return typeName(reference["ofType"]) + "!"
        case "LIST"?: return "[" + typeName(reference["ofType"]) + "]"
        default: return reference["name"]?.stringValue ?? "?"
        }
    }

    /// Adds a non-empty description and, for deprecated members, the reason.
    private static func describe(_ object: inout JSONObject, _ source: JSONValue) {
        if let description = source["description"]?.stringValue, !description.isEmpty { object["description"] = .string(description) }
        if source["isDeprecated"]?.boolValue == true {
            object["deprecated"] = .string(source["deprecationReason"]?.stringValue ?? "Deprecated.")
        }
    }
}

import PlugboardCore

/// Reads one operation object into an `OpenAPIOperation`: parameters, body, security and the flat input schema.
struct OpenAPIOperationReader {
    let resolver: OpenAPIReferenceResolver
    let path: String
    /// Uppercase method.
    let method: String
    let field: String
    let source: String

    /// Header parameters OpenAPI says to ignore: the node sets them itself.
    private static let ignoredHeaders: Set<String> = ["accept", "content-type", "authorization"]
    /// Longest action name; MCP clients limit tool names to 64 characters.
    static let maximumNameLength = 64

    mutating func read(
        _ operation: JSONValue, sharedParameters: [JSONValue], globalSecurity: [[String]]?, taken: inout Set<String>
    ) throws(ConnectorError) -> OpenAPIOperation {
        let operationID = operation["operationId"]?.stringValue
        let name = Self.uniqueName(Self.actionName(operationID: operationID, method: method, path: path), taken: &taken)
        var parameters = try readParameters(sharedParameters + (operation["parameters"]?.arrayValue ?? []))
        Self.assignInputNames(&parameters)
        let body = try readBody(operation["requestBody"])
        let security = OpenAPISpec.securityAlternatives(operation["security"]) ?? globalSecurity
        return OpenAPIOperation(
            name: name, operationID: operationID, method: method, path: path, summary: operation["summary"]?.stringValue,
            details: operation["description"]?.stringValue, deprecated: operation["deprecated"] == .bool(true), parameters: parameters,
            body: body, security: security, inputSchema: Self.inputSchema(parameters, body), responseSchema: responseSchema(operation["responses"]))
    }

    /// Parameters in order, a later one replacing an earlier one with the same name and location (operation over path item).
    private func readParameters(_ values: [JSONValue]) throws(ConnectorError) -> [OpenAPIParameter] {
        var parameters: [OpenAPIParameter] = []
        let converter = OpenAPISchemaConverter(resolver: resolver, forInput: true)
        for value in values {
            guard let parameter = resolver.resolve(value), let name = parameter["name"]?.stringValue,
                let location = parameter["in"]?.stringValue
            else {
                throw OpenAPISpecLoader.refusal(
                    "The operation \(method) \(path) in the document from \(source) has a parameter without a name and location, or a broken $ref.",
                    field: field)
            }
            if location == "header", Self.ignoredHeaders.contains(name.lowercased()) { continue }
            guard ["path", "query", "header", "cookie"].contains(location) else { continue }
            let style = parameter["style"]?.stringValue ?? (location == "query" || location == "cookie" ? "form" : "simple")
            var schema = converter.convert(parameter["schema"] ?? firstMediaSchema(parameter["content"]) ?? [:]).objectValue ?? [:]
            var notes: [String] = []
            if let description = parameter["description"]?.stringValue, !description.isEmpty { notes.append(description) }
            else if let own = schema["description"]?.stringValue { notes.append(own) }
            notes.append("(\(location) parameter '\(name)'\(parameter["deprecated"] == .bool(true) ? ", deprecated" : ""))")
            schema["description"] = .string(notes.joined(separator: " "))
            let parsed = OpenAPIParameter(
                name: name, location: location, inputName: name, required: location == "path" || parameter["required"] == .bool(true),
                style: style, explode: parameter["explode"]?.boolValue ?? (style == "form"), schema: .object(schema))
            parameters.removeAll { $0.name == name && $0.location == location }
            parameters.append(parsed)
        }
        return parameters
    }

    /// The schema of the first media type of a `content` map.
    private func firstMediaSchema(_ content: JSONValue?) -> JSONValue? {
        content?.objectValue?.first { _ in true }?.value["schema"]
    }

    /// The body, choosing JSON first, then a form, then text, then the first type listed.
    private func readBody(_ value: JSONValue?) throws(ConnectorError) -> OpenAPIRequestBody? {
        guard let value else { return nil }
        guard let body = resolver.resolve(value) else {
            throw OpenAPISpecLoader.refusal("The request body of \(method) \(path) in the document from \(source) is a broken $ref.", field: field)
        }
        let content = body["content"]?.objectValue ?? [:]
        let types = Array(content.keys)
        let chosen = types.first(where: Self.isJSON) ?? types.first { $0.lowercased().hasPrefix("application/x-www-form-urlencoded") }
            ?? types.first { $0.lowercased().hasPrefix("text/") } ?? types.first
        guard let contentType = chosen else { return nil }
        let encoding: OpenAPIRequestBody.Encoding
        if Self.isJSON(contentType) {
            encoding = .json
        } else if contentType.lowercased().hasPrefix("application/x-www-form-urlencoded") {
            encoding = .form
        } else if contentType.lowercased().hasPrefix("text/") || contentType.lowercased().hasSuffix("xml") {
            encoding = .text
        } else {
            encoding = .binary
        }
        var schema: JSONObject
        switch encoding {
        case .json, .form:
            schema = OpenAPISchemaConverter(resolver: resolver, forInput: true).convert(content[contentType]?["schema"] ?? [:]).objectValue ?? [:]
        case .text:
            schema = ["type": "string"]
        case .binary:
            schema = ["type": "string", "description": "The bytes in base64."]
        }
        let described = body["description"]?.stringValue ?? schema["description"]?.stringValue
        schema["description"] = .string([described, "(request body, sent as \(contentType))"].compactMap { $0 }.joined(separator: " "))
        return OpenAPIRequestBody(contentType: contentType, encoding: encoding, required: body["required"] == .bool(true), schema: .object(schema))
    }

    /// The schema of the first 2xx response with a JSON body.
    private func responseSchema(_ responses: JSONValue?) -> JSONValue? {
        for (status, value) in responses?.objectValue ?? [:] where status.hasPrefix("2") {
            guard let response = resolver.resolve(value), let content = response["content"]?.objectValue,
                let type = content.keys.first(where: Self.isJSON), let schema = content[type]?["schema"]
            else { continue }
            return OpenAPISchemaConverter(resolver: resolver, forInput: false).convert(schema)
        }
        return nil
    }

    static func isJSON(_ contentType: String) -> Bool {
        let type = contentType.lowercased().prefix { $0 != ";" }.trimmingCharacters(in: .whitespaces)
        return type == "application/json" || type.hasSuffix("+json") || type == "*/*"
    }
}

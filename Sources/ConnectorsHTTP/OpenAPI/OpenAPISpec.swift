import PlugboardCore

/// An OpenAPI document reduced to what the `openapi` node uses: its servers, operations and security schemes.
///
/// Built once per session (or once when an inline document is saved); schemas are already converted to the JSON
/// Schema subset Plugboard validates.
struct OpenAPISpec: Sendable {
    /// `info.title`.
    var title: String
    /// `info.version`, the API's own version.
    var apiVersion: String
    /// The OpenAPI version the document declared (`3.0.3`, `3.1.0`).
    var openAPIVersion: String
    /// The document's servers, in order, with variable defaults applied.
    var servers: [OpenAPIServer]
    /// Every operation, in document order.
    var operations: [OpenAPIOperation]
    /// Security schemes by their name in `components.securitySchemes`.
    var securitySchemes: [String: OpenAPISecurityScheme]

    /// The operation an action name or operationId names.
    func operation(named name: String) -> OpenAPIOperation? {
        operations.first { $0.name == name } ?? operations.first { $0.operationID == name }
    }
}

/// One entry of the document's `servers`.
struct OpenAPIServer: Sendable {
    /// The URL with every `{variable}` replaced by its default; may be relative to the document.
    var url: String
    /// The server's description, if any.
    var description: String?
    /// Variable names to default values.
    var variables: [(String, String)]

    /// A server at `url`, with no variables.
    init(url: String) {
        self.url = url
        self.description = nil
        self.variables = []
    }

    /// Reads a server object; nil when it has no URL.
    init?(json: JSONValue) {
        guard let template = json["url"]?.stringValue else { return nil }
        description = json["description"]?.stringValue
        variables = (json["variables"]?.objectValue ?? [:]).compactMap { name, variable in
            variable["default"].map { (name, $0.stringValue ?? $0.jsonString()) }
        }
        url = Self.expand(template, with: variables)
    }

    /// `template` with each `{name}` replaced by its value from `variables`.
    static func expand(_ template: String, with variables: [(String, String)]) -> String {
        var url = template
        for (name, value) in variables {
            url = url.replacingOccurrences(of: "{\(name)}", with: value)
        }
        return url
    }

    /// The server as discovery shows it.
    var json: JSONValue {
        var object: JSONObject = ["url": .string(url)]
        if let description { object["description"] = .string(description) }
        return .object(object)
    }
}

/// A security scheme the document declares.
struct OpenAPISecurityScheme: Sendable {
    /// The scheme's `type`: `apiKey`, `http`, `oauth2`, `openIdConnect` or `mutualTLS`.
    var type: String
    /// For `apiKey`: the header, query or cookie parameter name.
    var parameterName: String?
    /// For `apiKey`: `header`, `query` or `cookie`.
    var location: String?
    /// For `http`: `bearer`, `basic` or another scheme, lowercased.
    var httpScheme: String?

    init(json: JSONValue) {
        type = json["type"]?.stringValue ?? ""
        parameterName = json["name"]?.stringValue
        location = json["in"]?.stringValue
        httpScheme = json["scheme"]?.stringValue?.lowercased()
    }

    /// The scheme as discovery shows it.
    var json: JSONValue {
        var object: JSONObject = ["type": .string(type)]
        if let parameterName { object["name"] = .string(parameterName) }
        if let location { object["in"] = .string(location) }
        if let httpScheme { object["scheme"] = .string(httpScheme) }
        return .object(object)
    }
}

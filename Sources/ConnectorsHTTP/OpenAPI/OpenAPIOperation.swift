import PlugboardCore

/// One operation of the document, as an action: where it goes, what it takes and how it authenticates.
struct OpenAPIOperation: Sendable {
    /// The action name: the operationId restricted to `[A-Za-z0-9_-]`, or `method_path` without one.
    var name: String
    /// The document's operationId, if any.
    var operationID: String?
    /// Uppercase HTTP method.
    var method: String
    /// The path template, such as `/pets/{petId}`.
    var path: String
    var summary: String?
    var details: String?
    var deprecated: Bool
    /// Path, query, header and cookie parameters, path-level ones merged in.
    var parameters: [OpenAPIParameter]
    /// The request body, if the operation takes one.
    var body: OpenAPIRequestBody?
    /// Alternatives of security scheme names, any one of which satisfies the operation; empty means none is needed,
    /// nil that the document declares none (the credential is then applied as it says).
    var security: [[String]]?
    /// JSON Schema of the input, flat: parameters by their input names, the body under `body`.
    var inputSchema: JSONValue
    /// JSON Schema of the first 2xx JSON response body, if the document gives one.
    var responseSchema: JSONValue?

    /// The action's promises, read from the method.
    var annotations: ActionAnnotations {
        switch method {
        case "GET", "HEAD", "OPTIONS", "TRACE": return ActionAnnotations(readOnly: true, destructive: false, idempotent: true)
        case "PUT": return ActionAnnotations(readOnly: false, destructive: false, idempotent: true)
        case "DELETE": return ActionAnnotations(readOnly: false, destructive: true, idempotent: true)
        default: return ActionAnnotations()
        }
    }

    /// What the action does, for people and models: summary, description, then method and path.
    var actionDescription: String {
        var parts: [String] = []
        if let summary, !summary.isEmpty { parts.append(summary) }
        if let details, !details.isEmpty, details != summary { parts.append(details) }
        parts.append("\(method) \(path)" + (deprecated ? " (deprecated)" : ""))
        return parts.joined(separator: "\n\n")
    }

    /// The operation as the `operations` action and discovery list it.
    func json(includingSchema: Bool) -> JSONValue {
        var object: JSONObject = ["name": .string(name), "method": .string(method), "path": .string(path)]
        if let operationID { object["operationId"] = .string(operationID) }
        if let summary { object["summary"] = .string(summary) }
        if deprecated { object["deprecated"] = true }
        if includingSchema { object["inputSchema"] = inputSchema }
        return .object(object)
    }
}

/// One parameter of an operation.
struct OpenAPIParameter: Sendable {
    /// The name on the wire.
    var name: String
    /// `path`, `query`, `header` or `cookie`.
    var location: String
    /// The property name in the action's input; the wire name unless two locations share it.
    var inputName: String
    var required: Bool
    /// `form`, `simple`, `spaceDelimited`, `pipeDelimited`, `deepObject`, `label` or `matrix`.
    var style: String
    var explode: Bool
    /// The converted schema, description included.
    var schema: JSONValue
}

/// An operation's request body and how it is sent.
struct OpenAPIRequestBody: Sendable {
    /// How the `body` input becomes bytes.
    enum Encoding: String, Sendable {
        /// JSON, any JSON value.
        case json
        /// `application/x-www-form-urlencoded` from an object.
        case form
        /// Text or other content sent as the given string.
        case text
        /// Bytes given in base64 (`application/octet-stream` and other binary types).
        case binary
    }

    /// The Content-Type sent.
    var contentType: String
    var encoding: Encoding
    var required: Bool
    /// The converted schema, description included.
    var schema: JSONValue
}

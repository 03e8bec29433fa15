@testable import PlugboardCore

// Field sets modelled on the real nodes: the GraphQL connector's options (with the HTTP options every node shares),
// the REST `request` action's input, and the API-key credential. They show how a driver reads with `FieldSet`.

/// Default headers, TLS verification, timeout and response limit, as `HTTPConnectionOptions` reads them.
struct SampleConnectionOptions: FieldSet, Equatable {
    var headers: FieldMap<String> = [:]
    var verifyTLS = true
    var timeout: Duration = .seconds(30)
    var maxResponseBytes = 16 << 20

    static let fields = FieldList<Self> {
        Field("headers", \.headers, title: "Default headers", description: "Headers sent with every request.")
        Field("verifyTls", \.verifyTLS, title: "Verify TLS certificates", description: "Turn off only for development servers.")
        Field(
            "timeout", \.timeout, title: "Timeout (seconds)", description: "How long one request may take.",
            minimum: .milliseconds(100), maximum: .seconds(3600))
        Field(
            "maxResponseBytes", \.maxResponseBytes, title: "Maximum response size (bytes)",
            description: "Larger responses fail with payload_too_large.", minimum: 1, maximum: 1 << 30)
    }

    func validate() throws(ConnectorError) {
        for (name, value) in headers where value.contains(where: \.isNewline) {
            throw .invalidConfiguration("The header '\(name)' needs a single-line value.", field: "headers.\(name)")
        }
    }
}

/// The `graphql` connector's options: its endpoint, the shared HTTP options at the same level, its concurrency.
struct SampleGraphQLConfiguration: FieldSet, Equatable {
    var endpoint = ""
    var connection = SampleConnectionOptions()
    var maxConcurrency = 64

    static let fields = FieldList<Self> {
        Field(
            "endpointUrl", \.endpoint, title: "Endpoint URL", description: "The GraphQL endpoint operations are POSTed to.",
            format: "uri", required: true)
        FieldGroup(\.connection)
        Field(
            "maxConcurrency", \.maxConcurrency, title: "Maximum concurrent requests",
            description: "Operations in flight at once through this connector.", minimum: 1, maximum: 1024)
    }
}

/// The API-key credential, whose key is a secret.
struct SampleAPIKey: FieldSet, Equatable {
    enum Placement: String, FieldChoice {
        case header, query
    }

    var key = ""
    var name = "X-API-Key"
    var placement = Placement.header

    static let fields = FieldList<Self> {
        Field("key", \.key, title: "API key", minLength: 1, required: true, secret: true)
        Field("name", \.name, title: "Parameter name", description: "Header or query parameter that carries the key.", minLength: 1)
        Field("placement", \.placement, title: "Sent in")
    }
}

/// A query parameter's values: a string, number or boolean, or an array of them to repeat the parameter.
///
/// A driver's own `FieldValue`: the schema and the decoder are still written side by side, once.
struct SampleQueryValue: FieldValue, Equatable, ExpressibleByStringLiteral {
    var values: [String]

    init(_ values: [String]) { self.values = values }
    init(stringLiteral value: String) { values = [value] }

    static var fieldSchema: JSONObject {
        ["type": ["string", "number", "integer", "boolean", "array"], "items": ["type": ["string", "number", "integer", "boolean"]]]
    }

    init(fieldJSON json: JSONValue, at path: FieldPath) throws(ConnectorError) {
        if let elements = json.arrayValue {
            var values: [String] = []
            for (index, element) in elements.enumerated() {
                guard let text = Self.text(element) else { throw path.element(index).fault("must be a string, number or boolean") }
                values.append(text)
            }
            self.values = values
        } else if let text = Self.text(json) {
            values = [text]
        } else {
            throw path.fault("must be a string, number, boolean or an array of them")
        }
    }

    var fieldJSON: JSONValue {
        if values.count == 1, let only = values.first { return .string(only) }
        return .array(values.map { .string($0) })
    }

    private static func text(_ json: JSONValue) -> String? {
        switch json {
        case .string(let text): return text
        case .integer, .number, .bool: return json.jsonString()
        default: return nil
        }
    }
}

/// The REST `request` action's input.
struct SampleRequestInput: FieldSet, Equatable {
    enum Method: String, FieldChoice {
        case get = "GET", post = "POST", put = "PUT", patch = "PATCH", delete = "DELETE", head = "HEAD", options = "OPTIONS"
    }

    var method = Method.get
    var path = ""
    var query: FieldMap<SampleQueryValue> = [:]
    var headers: FieldMap<String> = [:]
    var body: SampleRequestBody?
    var contentType: String?

    static let fields = FieldList<Self> {
        Field("method", \.method, title: "Method", description: "The HTTP method.")
        Field("path", \.path, title: "Path", description: "Appended to the base URL, such as /users/42.")
        Field("query", \.query, title: "Query parameters", description: "An array repeats the parameter once per value.")
        Field("headers", \.headers, title: "Headers", description: "Replace the connector's default headers of the same name.")
        Field("body", \.body)
        Field("contentType", \.contentType, title: "Content type", description: "Overrides the body kind's.", minLength: 1)
    }

    func validate() throws(ConnectorError) {
        if contentType != nil, body?.multipart != nil {
            throw .invalidInput("A multipart body sets its own content type; leave contentType out.", field: "contentType")
        }
    }
}

/// A request body: exactly one kind.
struct SampleRequestBody: FieldSet, Equatable {
    var json: JSONValue?
    var text: String?
    var base64: String?
    var form: FieldMap<String>?
    var multipart: SampleMultipartBody?

    static let fields = FieldList<Self>(title: "Body", description: "Exactly one of json, text, base64, form or multipart.") {
        Field("json", \.json, title: "JSON", description: "Any JSON value, sent as application/json.")
        Field("text", \.text, title: "Text")
        Field("base64", \.base64, title: "Binary (base64)")
        Field("form", \.form, title: "Form fields")
        Field("multipart", \.multipart)
    }

    func validate() throws(ConnectorError) {
        let kinds = [json != nil, text != nil, base64 != nil, form != nil, multipart != nil].filter { $0 }.count
        guard kinds == 1 else { throw .invalidInput("The body must have exactly one of json, text, base64, form or multipart.") }
    }
}

/// A multipart/form-data body: text fields, then files.
struct SampleMultipartBody: FieldSet, Equatable {
    var formFields: FieldMap<String> = [:]
    var files: [SampleFile] = []

    static let fields = FieldList<Self>(title: "Multipart form", description: "Fields first, then files.") {
        Field("fields", \.formFields, title: "Fields")
        Field("files", \.files, title: "Files", maxItems: 4)
    }

    func validate() throws(ConnectorError) {
        guard !formFields.isEmpty || !files.isEmpty else { throw .invalidInput("A multipart body needs at least one field or file.") }
    }
}

/// One file of a multipart body.
struct SampleFile: FieldSet, Equatable {
    var field = ""
    var filename = ""
    var contentType = "application/octet-stream"
    var base64 = ""

    static let fields = FieldList<Self> {
        Field("field", \.field, title: "Field name", minLength: 1, required: true)
        Field("filename", \.filename, title: "File name", minLength: 1, required: true)
        Field("contentType", \.contentType, title: "Content type")
        Field("base64", \.base64, title: "Content (base64)", required: true)
    }

    func validate() throws(ConnectorError) {
        for (name, value) in [("field", field), ("filename", filename), ("contentType", contentType)] where value.contains(where: \.isNewline) {
            throw .invalidInput("A multipart parameter must be a single line.", field: name)
        }
    }
}

import Testing

@testable import PlugboardCore

/// `FieldSet`: one declaration gives the schema, the decoder and the encoder, each default written once.
@Suite struct FieldsTests {
    // MARK: Schemas

    @Test func graphQLSchemaIsTheHandWrittenOne() {
        let expected: JSONValue = [
            "type": "object",
            "properties": [
                "endpointUrl": [
                    "type": "string", "format": "uri", "title": "Endpoint URL",
                    "description": "The GraphQL endpoint operations are POSTed to.",
                ],
                "headers": [
                    "type": "object", "additionalProperties": ["type": "string"], "title": "Default headers",
                    "description": "Headers sent with every request.",
                ],
                "verifyTls": [
                    "type": "boolean", "default": true, "title": "Verify TLS certificates",
                    "description": "Turn off only for development servers.",
                ],
                "timeout": [
                    "type": "number", "default": 30.0, "minimum": 0.1, "maximum": 3600.0, "title": "Timeout (seconds)",
                    "description": "How long one request may take.",
                ],
                "maxResponseBytes": [
                    "type": "integer", "default": 16_777_216, "minimum": 1, "maximum": 1_073_741_824,
                    "title": "Maximum response size (bytes)", "description": "Larger responses fail with payload_too_large.",
                ],
                "maxConcurrency": [
                    "type": "integer", "default": 64, "minimum": 1, "maximum": 1024, "title": "Maximum concurrent requests",
                    "description": "Operations in flight at once through this connector.",
                ],
            ],
            "required": ["endpointUrl"],
            "additionalProperties": false,
        ]
        let schema = SampleGraphQLConfiguration.fields.schema
        #expect(schema == expected)
        // `==` on objects ignores member order; the text does not, so this also checks form order and keyword order.
        #expect(schema.jsonString() == expected.jsonString())
        #expect(schema["properties"]?.objectValue?.keys == [
            "endpointUrl", "headers", "verifyTls", "timeout", "maxResponseBytes", "maxConcurrency",
        ])
    }

    @Test func aDeclaredSchemaMatchesTheHandWrittenBuilders() {
        // The same schema written by hand with `Schema` builders, as the nodes wrote theirs before typed fields.
        let today = Schema.object(
            [
                "endpointUrl": Schema.string(
                    title: "Endpoint URL", description: "The GraphQL endpoint operations are POSTed to.", format: "uri"),
                "headers": Schema.map(of: Schema.string(), title: "Default headers", description: "Headers sent with every request."),
                "verifyTls": Schema.boolean(
                    title: "Verify TLS certificates", description: "Turn off only for development servers.", default: true),
                "timeout": Schema.number(
                    title: "Timeout (seconds)", description: "How long one request may take.", default: 30, minimum: 0.1, maximum: 3600),
                "maxResponseBytes": Schema.integer(
                    title: "Maximum response size (bytes)", description: "Larger responses fail with payload_too_large.",
                    default: 16 << 20, minimum: 1, maximum: 1 << 30),
                "maxConcurrency": Schema.integer(
                    title: "Maximum concurrent requests", description: "Operations in flight at once through this connector.",
                    default: 64, minimum: 1, maximum: 1024),
            ], required: ["endpointUrl"])
        #expect(SampleGraphQLConfiguration.fields.schema.jsonString() == today.jsonString())
    }

    @Test func requestSchemaIsTheHandWrittenOne() {
        let file: JSONValue = [
            "type": "object",
            "properties": [
                "field": ["type": "string", "minLength": 1, "title": "Field name"],
                "filename": ["type": "string", "minLength": 1, "title": "File name"],
                "contentType": ["type": "string", "default": "application/octet-stream", "title": "Content type"],
                "base64": ["type": "string", "title": "Content (base64)"],
            ],
            "required": ["field", "filename", "base64"],
            "additionalProperties": false,
        ]
        let multipart: JSONValue = [
            "type": "object",
            "properties": [
                "fields": ["type": "object", "additionalProperties": ["type": "string"], "title": "Fields"],
                "files": ["type": "array", "items": file, "maxItems": 4, "title": "Files"],
            ],
            "additionalProperties": false, "title": "Multipart form", "description": "Fields first, then files.",
        ]
        let body: JSONValue = [
            "type": "object",
            "properties": [
                "json": ["title": "JSON", "description": "Any JSON value, sent as application/json."],
                "text": ["type": "string", "title": "Text"],
                "base64": ["type": "string", "title": "Binary (base64)"],
                "form": ["type": "object", "additionalProperties": ["type": "string"], "title": "Form fields"],
                "multipart": multipart,
            ],
            "additionalProperties": false, "title": "Body", "description": "Exactly one of json, text, base64, form or multipart.",
        ]
        let expected: JSONValue = [
            "type": "object",
            "properties": [
                "method": [
                    "type": "string", "default": "GET", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"],
                    "title": "Method", "description": "The HTTP method.",
                ],
                "path": ["type": "string", "title": "Path", "description": "Appended to the base URL, such as /users/42."],
                "query": [
                    "type": "object",
                    "additionalProperties": [
                        "type": ["string", "number", "integer", "boolean", "array"],
                        "items": ["type": ["string", "number", "integer", "boolean"]],
                    ],
                    "title": "Query parameters", "description": "An array repeats the parameter once per value.",
                ],
                "headers": [
                    "type": "object", "additionalProperties": ["type": "string"], "title": "Headers",
                    "description": "Replace the connector's default headers of the same name.",
                ],
                "body": body,
                "contentType": ["type": "string", "minLength": 1, "title": "Content type", "description": "Overrides the body kind's."],
            ],
            "additionalProperties": false,
        ]
        let schema = SampleRequestInput.fields.schema
        #expect(schema == expected)
        #expect(schema.jsonString() == expected.jsonString())
    }

    @Test func secretFieldsAreWriteOnly() {
        let expected: JSONValue = [
            "type": "object",
            "properties": [
                "key": ["type": "string", "minLength": 1, "writeOnly": true, "title": "API key"],
                "name": [
                    "type": "string", "default": "X-API-Key", "minLength": 1, "title": "Parameter name",
                    "description": "Header or query parameter that carries the key.",
                ],
                "placement": ["type": "string", "default": "header", "enum": ["header", "query"], "title": "Sent in"],
            ],
            "required": ["key"],
            "additionalProperties": false,
        ]
        // What `CredentialKind.apiKey.schema` builds by hand today.
        let today = Schema.object(
            [
                "key": Schema.string(title: "API key", minLength: 1, writeOnly: true),
                "name": Schema.string(
                    title: "Parameter name", description: "Header or query parameter that carries the key.", default: "X-API-Key",
                    minLength: 1),
                "placement": Schema.string(title: "Sent in", default: "header", enum: ["header", "query"]),
            ], required: ["key"])
        let schema = SampleAPIKey.fields.schema
        #expect(schema.jsonString() == expected.jsonString())
        #expect(schema.jsonString() == today.jsonString())
        #expect(SampleAPIKey.fields.secretNames == ["key"])
        #expect(Schema.writeOnlyFields(of: schema) == ["key"])
    }

    @Test func namesAreInFormOrder() {
        #expect(SampleGraphQLConfiguration.fields.names == [
            "endpointUrl", "headers", "verifyTls", "timeout", "maxResponseBytes", "maxConcurrency",
        ])
        #expect(SampleGraphQLConfiguration.fields.requiredNames == ["endpointUrl"])
        #expect(SampleFile.fields.requiredNames == ["field", "filename", "base64"])
        #expect(SampleRequestInput.fields.requiredNames.isEmpty)
    }

    // MARK: Defaults, written once

    @Test func schemaDefaultsAreTheInitialValues() {
        let properties = SampleGraphQLConfiguration.fields.schema["properties"]
        let initial = SampleGraphQLConfiguration()
        #expect(properties?["timeout"]?["default"] == initial.connection.timeout.fieldJSON)
        #expect(properties?["timeout"]?["default"]?.doubleValue == 30)
        #expect(properties?["maxConcurrency"]?["default"] == .integer(Int64(initial.maxConcurrency)))
        #expect(properties?["maxResponseBytes"]?["default"] == .integer(Int64(initial.connection.maxResponseBytes)))
        #expect(properties?["verifyTls"]?["default"] == .bool(initial.connection.verifyTLS))
        #expect(SampleFile.fields.schema["properties"]?["contentType"]?["default"] == .string(SampleFile().contentType))
        #expect(SampleRequestInput.fields.schema["properties"]?["method"]?["default"] == .string(SampleRequestInput().method.rawValue))
    }

    @Test func noDefaultForRequiredNilOrEmpty() {
        let graphQL = SampleGraphQLConfiguration.fields.schema["properties"]
        #expect(graphQL?["endpointUrl"]?["default"] == nil)
        #expect(graphQL?["headers"]?["default"] == nil)
        let request = SampleRequestInput.fields.schema["properties"]
        for name in ["path", "query", "headers", "body", "contentType"] {
            #expect(request?[name]?["default"] == nil, "\(name)")
        }
    }

    @Test func theRuntimesDefaultsDecodeToTheInitialValues() throws {
        // The runtime fills defaults from the schema before a driver decodes; that must change nothing.
        let given: JSONValue = ["endpointUrl": "https://api.example.com/graphql"]
        let filled = Schema.applyingDefaults(to: given, schema: SampleGraphQLConfiguration.fields.schema)
        #expect(filled != given)
        let fromFilled = try SampleGraphQLConfiguration.fields.decode(filled)
        #expect(fromFilled == (try SampleGraphQLConfiguration.fields.decode(given)))
        var expected = SampleGraphQLConfiguration()
        expected.endpoint = "https://api.example.com/graphql"
        #expect(fromFilled == expected)
    }

    // MARK: The schemas are schemas

    /// A field set's schema with its defaults object and a full valid example.
    struct SchemaUse: Sendable, CustomTestStringConvertible {
        var name: String
        var schema: JSONValue
        /// `Root.fields.encode(Root())` without the required members: every default the set starts from.
        var defaults: JSONValue
        var required: [String]
        var example: JSONValue
        var testDescription: String { name }

        init<Root: FieldSet>(_ name: String, _: Root.Type, example: JSONValue) {
            var defaults = Root.fields.encode(Root()).objectValue ?? [:]
            for required in Root.fields.requiredNames { defaults[required] = nil }
            self.name = name
            self.schema = Root.fields.schema
            self.defaults = .object(defaults)
            self.required = Root.fields.requiredNames
            self.example = example
        }
    }

    static let schemaUses = [
        SchemaUse(
            "graphql", SampleGraphQLConfiguration.self,
            example: [
                "endpointUrl": "https://api.example.com/graphql", "headers": ["Accept": "application/json", "X-Team": "core"],
                "verifyTls": false, "timeout": 2.5, "maxResponseBytes": 1024, "maxConcurrency": 8,
            ]),
        SchemaUse(
            "request", SampleRequestInput.self,
            example: [
                "method": "POST", "path": "/upload", "query": ["ids": [1, 2], "dry": true], "headers": ["X-Trace": "a1"],
                "body": [
                    "multipart": [
                        "fields": ["note": "hello"],
                        "files": [["field": "file", "filename": "a.txt", "contentType": "text/plain", "base64": "aGk="]],
                    ]
                ],
            ]),
        SchemaUse("api key", SampleAPIKey.self, example: ["key": "k-123", "name": "api_key", "placement": "query"]),
    ]

    @Test(arguments: schemaUses)
    func defaultsAndExamplesMatchTheSchema(_ use: SchemaUse) throws {
        // The defaults break no rule; only the required members, which have no default, are missing.
        let issues = SchemaValidator.issues(in: use.defaults, against: use.schema)
        #expect(issues.map(\.path) == use.required)
        #expect(issues.allSatisfy { $0.message == "is required" })
        try SchemaValidator.validate(use.example, against: use.schema)
        #expect(SchemaValidator.issues(in: ["unknown": 1], against: use.schema).contains { $0.path == "unknown" })
    }
}

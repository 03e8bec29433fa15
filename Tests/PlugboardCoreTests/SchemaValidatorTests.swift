import PlugboardCore
import Testing

@Suite struct SchemaValidatorTests {
    static let schema = Schema.object(
        [
            "url": Schema.string(format: "uri"),
            "name": Schema.string(minLength: 1, maxLength: 5),
            "mode": Schema.string(default: "fast", enum: ["fast", "safe"]),
            "count": Schema.integer(default: 1, minimum: 1, maximum: 10),
            "ratio": Schema.number(minimum: 0, maximum: 1),
            "flag": Schema.boolean(default: false),
            "headers": Schema.map(of: Schema.string()),
            "items": Schema.array(Schema.object(["id": Schema.integer()], required: ["id"]), maxItems: 2),
            "nested": Schema.object(["inner": Schema.object(["deep": Schema.boolean()])]),
        ], required: ["url", "name"])

    private func fields(_ value: JSONValue) -> [String: String] {
        Dictionary(SchemaValidator.issues(in: value, against: Self.schema).map { ($0.path, $0.message) }, uniquingKeysWith: { $1 })
    }

    @Test func validDocumentHasNoIssues() {
        let value: JSONValue = [
            "url": "https://example.com/a", "name": "abc", "mode": "safe", "count": 3, "ratio": 0.5, "flag": true,
            "headers": ["X-A": "1"], "items": [["id": 1]], "nested": ["inner": ["deep": false]],
        ]
        #expect(SchemaValidator.issues(in: value, against: Self.schema).isEmpty)
    }

    @Test func requiredFieldsAreReported() {
        #expect(fields([:]) == ["url": "is required", "name": "is required"])
        #expect(fields(["url": nil, "name": "a"])["url"] == "is required")
    }

    @Test func wrongTypesAreReportedOncePerField() {
        let issues = fields(["url": 5, "name": "ok", "count": "three", "flag": "yes", "ratio": true])
        #expect(issues == [
            "url": "must be of type string, not integer", "count": "must be of type integer, not string",
            "flag": "must be of type boolean, not string", "ratio": "must be of type number, not boolean",
        ])
    }

    @Test func integersAcceptWholeNumbers() {
        #expect(fields(["url": "http://a.b", "name": "x", "count": 2.0]).isEmpty)
        #expect(fields(["url": "http://a.b", "name": "x", "count": 2.5])["count"] != nil)
    }

    @Test func enumsRangesAndLengths() {
        let issues = fields(["url": "http://a.b", "name": "toolong", "mode": "slow", "count": 11, "ratio": -0.1])
        #expect(issues["mode"] == "must be one of: fast, safe")
        #expect(issues["count"] == "must be at most 10")
        #expect(issues["ratio"] == "must be at least 0")
        #expect(issues["name"] == "must be at most 5 characters")
        #expect(fields(["url": "http://a.b", "name": ""])["name"] == "must not be empty")
    }

    @Test func formatURI() {
        for bad in ["example.com", "ftp://example.com", "http://", "http:///path", "http://exa mple.com"] {
            #expect(fields(["url": .string(bad), "name": "x"])["url"] == "must be an absolute http or https URL", "\(bad)")
        }
    }

    @Test func unknownFieldsAndNestedPaths() {
        let issues = fields([
            "url": "http://a.b", "name": "x", "colour": "red", "headers": ["X-Good": "1", "X-Bad": 2],
            "items": [["id": 1], ["name": "no id"]], "nested": ["inner": ["deep": "yes", "extra": 1]],
        ])
        #expect(issues["colour"] == "is not a known field")
        #expect(issues["headers.X-Bad"] == "must be of type string, not integer")
        #expect(issues["headers.X-Good"] == nil)
        #expect(issues["items[1].id"] == "is required")
        #expect(issues["items[1].name"] == "is not a known field")
        #expect(issues["nested.inner.deep"] == "must be of type boolean, not string")
        #expect(issues["nested.inner.extra"] == "is not a known field")
    }

    @Test func maxItems() {
        #expect(fields(["url": "http://a.b", "name": "x", "items": [["id": 1], ["id": 2], ["id": 3]]])["items"] == "must have at most 2 items")
    }

    @Test func validateThrowsOneErrorWithEveryIssue() {
        let error = #expect(throws: ConnectorError.self) {
            try SchemaValidator.validate(["name": 1, "colour": "red"], against: Self.schema, code: .invalidConfiguration, subject: "options")
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.field == "url")
        #expect(error?.details?["fields"]?.arrayValue?.count == 3)
        #expect(error?.message.contains("colour: is not a known field") == true)
    }

    @Test func oneOfAndAnyOf() {
        let schema: JSONValue = ["oneOf": [["type": "string"], ["type": "integer"]]]
        #expect(SchemaValidator.issues(in: "a", against: schema).isEmpty)
        #expect(SchemaValidator.issues(in: 1, against: schema).isEmpty)
        #expect(SchemaValidator.issues(in: true, against: schema).count == 1)
        let both: JSONValue = ["oneOf": [["type": "number"], ["type": "integer"]]]
        #expect(SchemaValidator.issues(in: 1, against: both).count == 1)
        let any: JSONValue = ["anyOf": [["type": "number"], ["type": "integer"]]]
        #expect(SchemaValidator.issues(in: 1, against: any).isEmpty)
    }

    @Test func defaultsAreFilledRecursively() {
        let filled = Schema.applyingDefaults(to: ["url": "http://a.b", "nested": ["inner": [:]]], schema: Self.schema)
        #expect(filled["mode"] == "fast")
        #expect(filled["count"] == 1)
        #expect(filled["flag"] == false)
        #expect(filled["name"] == nil)
    }

    @Test func writeOnlyFieldsAreSecrets() {
        #expect(Schema.writeOnlyFields(of: CredentialKind.usernamePassword.schema) == ["password"])
        #expect(CredentialKind.apiKey.isSecret("key"))
        #expect(!CredentialKind.apiKey.isSecret("name"))
        #expect(CredentialKind.custom.isSecret("anything"))
    }
}

import Testing

@testable import PlugboardCore

extension FieldsTests {
    // MARK: Defaults and present values

    @Test func absentMembersKeepTheirDefaults() throws {
        let decoded = try SampleGraphQLConfiguration.fields.decode(["endpointUrl": "https://api.example.com/graphql"])
        #expect(decoded.endpoint == "https://api.example.com/graphql")
        #expect(decoded.connection == SampleConnectionOptions())
        #expect(decoded.connection.timeout == .seconds(30))
        #expect(decoded.connection.verifyTLS)
        #expect(decoded.maxConcurrency == 64)
        #expect(try SampleRequestInput.fields.decode([:]) == SampleRequestInput())
    }

    @Test func nullMembersKeepTheirDefaults() throws {
        let decoded = try SampleGraphQLConfiguration.fields.decode([
            "endpointUrl": "https://api.example.com/graphql", "headers": nil, "verifyTls": nil, "timeout": nil,
            "maxResponseBytes": nil, "maxConcurrency": nil,
        ])
        var expected = SampleGraphQLConfiguration()
        expected.endpoint = "https://api.example.com/graphql"
        #expect(decoded == expected)
        let input = try SampleRequestInput.fields.decode(["method": nil, "body": nil, "contentType": nil])
        #expect(input == SampleRequestInput())
        #expect(input.body == nil)
        #expect(try SampleFile.fields.decode(["field": "f", "filename": "a", "base64": "", "contentType": nil]).contentType == "application/octet-stream")
    }

    @Test func presentValuesAreSet() throws {
        let decoded = try SampleGraphQLConfiguration.fields.decode(
            [
                "endpointUrl": "https://api.example.com/graphql", "headers": ["X-Team": "core", "Accept": "application/json"],
                "verifyTls": false, "timeout": 2.5, "maxResponseBytes": 1024, "maxConcurrency": 8.0,
            ], code: .invalidConfiguration)
        var expected = SampleGraphQLConfiguration()
        expected.endpoint = "https://api.example.com/graphql"
        expected.connection.headers = ["X-Team": "core", "Accept": "application/json"]
        expected.connection.verifyTLS = false
        expected.connection.timeout = .milliseconds(2500)
        expected.connection.maxResponseBytes = 1024
        expected.maxConcurrency = 8
        #expect(decoded == expected)
        #expect(decoded.connection.headers.keys == ["X-Team", "Accept"])
        #expect(decoded.connection.headers.pairs.map(\.0) == ["X-Team", "Accept"])
    }

    @Test func nestedSetsAndArraysOfSetsDecode() throws {
        let decoded = try SampleRequestInput.fields.decode([
            "method": "POST", "path": "/upload", "query": ["ids": [1, 2.5, true], "q": "x"],
            "body": [
                "multipart": [
                    "fields": ["note": "hello"],
                    "files": [
                        ["field": "file", "filename": "a.txt", "base64": "aGk="],
                        ["field": "file", "filename": "b.bin", "contentType": "application/zip", "base64": ""],
                    ],
                ]
            ],
        ])
        #expect(decoded.method == .post)
        #expect(decoded.query == ["ids": SampleQueryValue(["1", "2.5", "true"]), "q": "x"])
        let multipart = try #require(decoded.body?.multipart)
        #expect(multipart.formFields == ["note": "hello"])
        #expect(multipart.files == [
            SampleFile(field: "file", filename: "a.txt", contentType: "application/octet-stream", base64: "aGk="),
            SampleFile(field: "file", filename: "b.bin", contentType: "application/zip", base64: ""),
        ])
        #expect(decoded.body?.json == nil)
    }

    @Test func valuesConvertAsTheSchemaSays() throws {
        #expect(try Duration(fieldJSON: 0.1, at: FieldPath()) == .milliseconds(100))
        // 0.267 × 1e9 is 267000000.00000003 in binary floating point: rounding to the nanosecond makes it exact.
        #expect(try Duration(fieldJSON: 0.267, at: FieldPath()) == .milliseconds(267))
        #expect(Duration.milliseconds(267).fieldJSON == .number(0.267))
        #expect(try Duration(fieldJSON: 2, at: FieldPath()) == .seconds(2))
        #expect(Duration.milliseconds(2500).fieldJSON == .number(2.5))
        #expect(try Int(fieldJSON: 8.0, at: FieldPath()) == 8)
        #expect(try Double(fieldJSON: 3, at: FieldPath()) == 3)
        #expect(try String?(fieldJSON: nil, at: FieldPath()) == nil)
        #expect(try [Int](fieldJSON: [1, 2], at: FieldPath()) == [1, 2])
        #expect(try JSONValue(fieldJSON: ["a": [1, nil]], at: FieldPath()) == ["a": [1, nil]])
        let tooLong = #expect(throws: ConnectorError.self) { try Duration(fieldJSON: 1e300, at: FieldPath()) }
        #expect(tooLong?.message == "The input is too long a duration.")
        let element = #expect(throws: ConnectorError.self) { try [Int](fieldJSON: [1, "2"], at: FieldPath().member("ids")) }
        #expect(element?.field == "ids[1]")
    }

    @Test func mapsKeepTheirOrder() throws {
        let decoded = try SampleConnectionOptions.fields.decode(["headers": ["b": "1", "a": "2", "c": "3"]])
        #expect(decoded.headers.keys == ["b", "a", "c"])
        #expect(SampleConnectionOptions.fields.encode(decoded)["headers"]?.jsonString() == #"{"b":"1","a":"2","c":"3"}"#)
        let ab: FieldMap<String> = ["a": "1", "b": "2"]
        #expect(ab != ["b": "2", "a": "1"])
        #expect(ab == FieldMap([("a", "1"), ("b", "2")]))
        var map: FieldMap<String> = ["a": "1", "b": "2"]
        map["a"] = "3"
        map["c"] = "4"
        map["b"] = nil
        #expect(map.pairs.map { "\($0.0)=\($0.1)" } == ["a=3", "c=4"])
    }

    // MARK: Faults name their field

    /// An input the decoder refuses, the field and message it names, and whether the schema alone catches it too.
    struct BadInput: Sendable, CustomTestStringConvertible {
        var input: JSONValue
        var field: String?
        var message: String
        /// False for the rules only `validate()` knows.
        var schemaCatches = true
        var testDescription: String { "\(field ?? "root"): \(input.jsonString())" }
    }

    static let badOptions: [BadInput] = [
        BadInput(input: [:], field: "endpointUrl", message: "endpointUrl is required."),
        BadInput(input: ["endpointUrl": nil], field: "endpointUrl", message: "endpointUrl is required."),
        BadInput(input: ["endpointUrl": "example.com"], field: "endpointUrl", message: "endpointUrl must be an absolute http or https URL."),
        BadInput(input: ["endpointUrl": 5], field: "endpointUrl", message: "endpointUrl must be of type string, not integer."),
        BadInput(input: ["endpointURL": "https://a.example"], field: "endpointURL", message: "endpointURL is not a known field."),
        BadInput(input: ["endpointUrl": "https://a.example", "verifyTls": "yes"], field: "verifyTls", message: "verifyTls must be of type boolean, not string."),
        BadInput(input: ["endpointUrl": "https://a.example", "timeout": 0.05], field: "timeout", message: "timeout must be at least 0.1."),
        BadInput(input: ["endpointUrl": "https://a.example", "timeout": 3601], field: "timeout", message: "timeout must be at most 3600."),
        BadInput(input: ["endpointUrl": "https://a.example", "timeout": "30"], field: "timeout", message: "timeout must be of type number, not string."),
        BadInput(input: ["endpointUrl": "https://a.example", "maxConcurrency": 2000], field: "maxConcurrency", message: "maxConcurrency must be at most 1024."),
        BadInput(input: ["endpointUrl": "https://a.example", "maxConcurrency": 0], field: "maxConcurrency", message: "maxConcurrency must be at least 1."),
        BadInput(input: ["endpointUrl": "https://a.example", "maxResponseBytes": 1.5], field: "maxResponseBytes", message: "maxResponseBytes must be of type integer, not number."),
        BadInput(input: ["endpointUrl": "https://a.example", "headers": "Accept: x"], field: "headers", message: "headers must be of type object, not string."),
        BadInput(input: ["endpointUrl": "https://a.example", "headers": ["X-A": 1]], field: "headers.X-A", message: "headers.X-A must be of type string, not integer."),
        BadInput(input: ["endpointUrl": "https://a.example", "headers": ["X-A": nil]], field: "headers.X-A", message: "headers.X-A must be of type string, not null."),
        BadInput(input: ["endpointUrl": "https://a.example", "headers": ["X-A": "a\r\nb"]], field: "headers.X-A", message: "The header 'X-A' needs a single-line value.", schemaCatches: false),
        BadInput(input: [], field: nil, message: "The options must be of type object, not array."),
    ]

    @Test(arguments: badOptions)
    func badOptionsNameTheirField(_ bad: BadInput) throws {
        let error = #expect(throws: ConnectorError.self) {
            try SampleGraphQLConfiguration.fields.decode(bad.input, code: .invalidConfiguration)
        }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.field == bad.field)
        #expect(error?.message == bad.message)
        expectSchemaAgrees(bad, SampleGraphQLConfiguration.fields.schema)
    }

    static let badInputs: [BadInput] = [
        BadInput(input: ["method": "FETCH"], field: "method", message: "method must be one of: GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS."),
        BadInput(input: ["method": 1], field: "method", message: "method must be of type string, not integer."),
        BadInput(input: ["query": ["ids": ["a": 1]]], field: "query.ids", message: "query.ids must be a string, number, boolean or an array of them."),
        BadInput(input: ["query": ["ids": [1, [2]]]], field: "query.ids[1]", message: "query.ids[1] must be a string, number or boolean."),
        BadInput(input: ["contentType": ""], field: "contentType", message: "contentType must not be empty."),
        BadInput(input: ["body": "text"], field: "body", message: "body must be of type object, not string."),
        BadInput(input: ["body": ["text": 5]], field: "body.text", message: "body.text must be of type string, not integer."),
        BadInput(input: ["body": ["xml": "<a/>"]], field: "body.xml", message: "body.xml is not a known field."),
        BadInput(
            input: ["body": ["text": "a", "base64": "aGk="]], field: "body",
            message: "The body must have exactly one of json, text, base64, form or multipart.", schemaCatches: false),
        BadInput(
            input: ["body": [:]], field: "body", message: "The body must have exactly one of json, text, base64, form or multipart.",
            schemaCatches: false),
        BadInput(
            input: ["body": ["multipart": [:]]], field: "body.multipart", message: "A multipart body needs at least one field or file.",
            schemaCatches: false),
        BadInput(
            input: ["body": ["multipart": ["files": ["field": "f"]]]], field: "body.multipart.files",
            message: "body.multipart.files must be of type array, not object."),
        BadInput(
            input: ["body": ["multipart": ["files": .array(Array(repeating: ["field": "f", "filename": "a", "base64": ""], count: 5))]]],
            field: "body.multipart.files", message: "body.multipart.files must have at most 4 items."),
        BadInput(
            input: ["body": ["multipart": ["files": [["field": "f", "base64": ""]]]]], field: "body.multipart.files[0].filename",
            message: "body.multipart.files[0].filename is required."),
        BadInput(
            input: ["body": ["multipart": ["files": [["field": "", "filename": "a", "base64": ""]]]]],
            field: "body.multipart.files[0].field", message: "body.multipart.files[0].field must not be empty."),
        BadInput(
            input: [
                "body": [
                    "multipart": [
                        "files": [["field": "f", "filename": "a", "base64": ""], ["field": "f", "filename": "b\nc", "base64": ""]]
                    ]
                ]
            ],
            field: "body.multipart.files[1].filename", message: "A multipart parameter must be a single line.", schemaCatches: false),
        BadInput(
            input: ["contentType": "text/plain", "body": ["multipart": ["fields": ["a": "1"]]]], field: "contentType",
            message: "A multipart body sets its own content type; leave contentType out.", schemaCatches: false),
        BadInput(input: "GET /", field: nil, message: "The input must be of type object, not string."),
    ]

    @Test(arguments: badInputs)
    func badInputsNameTheirField(_ bad: BadInput) throws {
        let error = #expect(throws: ConnectorError.self) { try SampleRequestInput.fields.decode(bad.input) }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == bad.field)
        #expect(error?.message == bad.message)
        expectSchemaAgrees(bad, SampleRequestInput.fields.schema)
    }

    /// The runtime's schema check finds the same field, unless the rule is one only `validate()` knows.
    private func expectSchemaAgrees(_ bad: BadInput, _ schema: JSONValue) {
        let paths = SchemaValidator.issues(in: bad.input, against: schema).map(\.path)
        if bad.schemaCatches {
            #expect(paths.contains(bad.field ?? ""), "schema issues: \(paths)")
        } else {
            #expect(paths.isEmpty, "schema issues: \(paths)")
        }
    }

    @Test func faultsCarryTheirDetailsAndTheGivenCode() throws {
        let input: JSONValue = ["endpointUrl": "https://a.example", "timeout": 0.05]
        let asInput = #expect(throws: ConnectorError.self) { try SampleGraphQLConfiguration.fields.decode(input) }
        #expect(asInput?.code == .invalidInput)
        #expect(asInput?.details == ["fields": [["field": "timeout", "message": "must be at least 0.1"]]])
        let asOptions = #expect(throws: ConnectorError.self) {
            try SampleGraphQLConfiguration.fields.decode(input, code: .invalidConfiguration)
        }
        #expect(asOptions?.code == .invalidConfiguration)
        #expect(asOptions?.cause == ConnectorError.invalidConfiguration("").cause)
    }

    @Test func secretsAndChoicesAreChecked() throws {
        #expect(try SampleAPIKey.fields.decode(["key": "k", "placement": "query"]).placement == .query)
        let placement = #expect(throws: ConnectorError.self) { try SampleAPIKey.fields.decode(["key": "k", "placement": "body"]) }
        #expect(placement?.message == "placement must be one of: header, query.")
        let key = #expect(throws: ConnectorError.self) { try SampleAPIKey.fields.decode(["key": ""]) }
        #expect(key?.field == "key")
    }
}

import Testing

@testable import PlugboardCore

extension FieldsTests {
    // MARK: Encoding and round trips

    static let configurations: [SampleGraphQLConfiguration] = {
        var minimal = SampleGraphQLConfiguration()
        minimal.endpoint = "https://api.example.com/graphql"
        var full = minimal
        full.connection = SampleConnectionOptions(
            headers: ["X-Team": "core", "Accept": "application/json"], verifyTLS: false, timeout: .milliseconds(2500),
            maxResponseBytes: 1)
        full.maxConcurrency = 1024
        var fine = minimal
        fine.connection.timeout = .nanoseconds(100_000_001)
        return [minimal, full, fine]
    }()

    @Test(arguments: configurations)
    func configurationsRoundTrip(_ configuration: SampleGraphQLConfiguration) throws {
        let encoded = SampleGraphQLConfiguration.fields.encode(configuration)
        #expect(try SampleGraphQLConfiguration.fields.decode(encoded, code: .invalidConfiguration) == configuration)
        #expect(encoded.objectValue?.keys == SampleGraphQLConfiguration.fields.names)
        try SchemaValidator.validate(encoded, against: SampleGraphQLConfiguration.fields.schema)
    }

    static let requests: [SampleRequestInput] = [
        SampleRequestInput(),
        SampleRequestInput(
            method: .post, path: "/items", query: ["ids": SampleQueryValue(["1", "2"]), "q": "x", "none": SampleQueryValue([])],
            headers: ["X-Trace": "a1"], body: SampleRequestBody(json: ["name": "a", "tags": [1, nil, true]])),
        SampleRequestInput(method: .put, body: SampleRequestBody(text: "hello"), contentType: "text/markdown"),
        SampleRequestInput(method: .patch, body: SampleRequestBody(form: ["a": "1", "b": ""])),
        SampleRequestInput(
            method: .post,
            body: SampleRequestBody(
                multipart: SampleMultipartBody(
                    formFields: ["note": "hi"],
                    files: [
                        SampleFile(field: "file", filename: "a.txt", contentType: "text/plain", base64: "aGk="),
                        SampleFile(field: "file", filename: "b.bin", base64: ""),
                    ]))),
    ]

    @Test(arguments: requests)
    func requestsRoundTrip(_ request: SampleRequestInput) throws {
        let encoded = SampleRequestInput.fields.encode(request)
        #expect(try SampleRequestInput.fields.decode(encoded) == request)
        try SchemaValidator.validate(encoded, against: SampleRequestInput.fields.schema)
    }

    @Test(arguments: [SampleAPIKey(key: "k"), SampleAPIKey(key: "secret-1", name: "token", placement: .query)])
    func credentialsRoundTrip(_ credential: SampleAPIKey) throws {
        #expect(try SampleAPIKey.fields.decode(SampleAPIKey.fields.encode(credential)) == credential)
    }

    @Test func encodingLeavesOutNilOptionalsInFormOrder() {
        #expect(SampleRequestInput.fields.encode(SampleRequestInput()).jsonString() == #"{"method":"GET","path":"","query":{},"headers":{}}"#)
        let text = SampleRequestInput(method: .put, body: SampleRequestBody(text: "hello"), contentType: "text/plain")
        #expect(SampleRequestInput.fields.encode(text).jsonString() == """
            {"method":"PUT","path":"","query":{},"headers":{},"body":{"text":"hello"},"contentType":"text/plain"}
            """)
        let file = SampleFile(field: "f", filename: "a", base64: "")
        #expect(SampleFile.fields.encode(file).jsonString() == #"{"field":"f","filename":"a","contentType":"application/octet-stream","base64":""}"#)
    }
}

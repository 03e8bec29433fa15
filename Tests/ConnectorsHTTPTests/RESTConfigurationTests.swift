import ConnectorsHTTP
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite struct RESTConfigurationTests {
    @Test func descriptorDescribesTheNode() {
        let descriptor = RESTFixture.driver.descriptor
        #expect(descriptor.id == "plugboard.nodes.rest")
        #expect(descriptor.category == "APIs and protocols")
        #expect(descriptor.displayName == "REST API")
        #expect(descriptor.credentialRequired == false)
        #expect(descriptor.credentialKinds == [.apiKey, .bearerToken, .usernamePassword, .oauth2, .clientCertificate])
        let action = descriptor.action(named: "request")
        #expect(action?.annotations == ActionAnnotations(readOnly: false, destructive: false, idempotent: false))
        #expect(descriptor.optionsSchema["required"] == ["baseUrl"])
    }

    @Test func defaultsAreApplied() throws {
        let configured = try RESTFixture.driver.configure(["baseUrl": "https://api.example.com/v1/"])
        let configuration = try #require(configured.configuration as? RESTConfiguration)
        #expect(configuration.baseURL == "https://api.example.com/v1")
        #expect(configuration.timeout == .seconds(30))
        #expect(configuration.retries == 2)
        #expect(configuration.retryDelay == .milliseconds(500))
        #expect(configuration.verifyTLS)
        #expect(configuration.maxResponseBytes == 16 << 20)
        #expect(configuration.followRedirects)
        #expect(configured.pooling == .shared(64))
        #expect(configured.options["retries"] == 2)
    }

    @Test func missingBaseURLIsInvalidConfiguration() {
        let error = #expect(throws: ConnectorError.self) { try RESTFixture.driver.configure([:]) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.field == "baseUrl")
    }

    @Test func everyWrongFieldIsReportedOnce() throws {
        let error = #expect(throws: ConnectorError.self) {
            try RESTFixture.driver.configure([
                "baseUrl": "not a url", "timeout": "slow", "retries": 11, "verifyTls": "yes", "headers": ["X": 1], "colour": "blue",
            ])
        }
        #expect(error?.code == .invalidConfiguration)
        let fields = error?.details?["fields"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []
        #expect(Set(fields) == ["baseUrl", "timeout", "retries", "verifyTls", "headers.X", "colour"])
        #expect(fields.count == 6)
    }

    @Test(arguments: ["ftp://files.example.com", "https://user:pw@api.example.com", "https://api.example.com/#frag"])
    func unusableBaseURLIsRefused(base: String) {
        let error = #expect(throws: ConnectorError.self) { try RESTFixture.driver.configure(["baseUrl": .string(base)]) }
        #expect(error?.code == .invalidConfiguration)
        #expect(error?.field == "baseUrl")
        #expect(error?.message.contains("pw") == false)
    }

    @Test func connectionTestReportsAnyStatus() async throws {
        try await withUpstreamServer { server in
            let details = try await RESTFixture(baseURL: "\(server.baseURL)/missing").test()
            #expect(details["status"] == 404)
            #expect(details["url"] == .string("\(server.baseURL)/missing"))
        }
    }

    @Test func connectionTestMapsRefusedCredentials() async throws {
        try await withUpstreamServer { server in
            let error = await #expect(throws: ConnectorError.self) { try await RESTFixture(baseURL: "\(server.baseURL)/status/401").test() }
            #expect(error?.code == .authenticationFailed)
            let forbidden = await #expect(throws: ConnectorError.self) { try await RESTFixture(baseURL: "\(server.baseURL)/status/403").test() }
            #expect(forbidden?.code == .permissionDenied)
        }
    }

    @Test func connectionTestReportsNetworkFailures() async throws {
        let error = await #expect(throws: ConnectorError.self) { try await RESTFixture(baseURL: "http://127.0.0.1:\(ClosedPort.find())").test() }
        #expect(error?.code == .connectionRefused)
    }
}

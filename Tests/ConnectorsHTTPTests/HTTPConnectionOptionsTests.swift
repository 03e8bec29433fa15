import ConnectorsHTTP
import Logging
import PlugboardCore
import PlugboardNetwork
import Testing

/// The connection options and per-call credential handling every HTTP node shares, checked through each node's driver.
@Suite struct HTTPConnectionOptionsTests {
    /// Each HTTP node with the options that make a valid connector, and the name of its URL option.
    static let nodes: [(driver: AnyConnectorDriver, options: JSONObject, urlField: String)] = [
        (AnyConnectorDriver(RESTDriver()), ["baseUrl": "https://api.example.com"], "baseUrl"),
        (AnyConnectorDriver(GraphQLDriver()), ["endpointUrl": "https://api.example.com/graphql"], "endpointUrl"),
        (AnyConnectorDriver(MCPDriver()), ["serverUrl": "https://mcp.example.com/mcp"], "serverUrl"),
        (AnyConnectorDriver(SOAPDriver()), ["wsdlUrl": "https://soap.example.com/service?wsdl"], "wsdlUrl"),
        (AnyConnectorDriver(OpenAPIDriver()), ["serverUrl": "https://api.example.com", "document": .string(Self.document)], "serverUrl"),
    ]
    static let document = #"{"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {"description": "ok"}}}}}}"#

    @Test(arguments: 0..<5)
    func everyNodeReadsTheCommonOptions(node: Int) throws {
        let (driver, base, _) = Self.nodes[node]
        var options = base
        options["headers"] = ["Accept": "application/json"]
        options["timeout"] = 5
        options["verifyTls"] = false
        options["maxResponseBytes"] = 4096
        let configured = try driver.configure(options)
        let configuration = try #require(configured.configuration as? any HTTPConnectionConfiguration)
        #expect(configuration.connection.timeout == .seconds(5))
        #expect(configuration.connection.verifyTLS == false)
        #expect(configuration.connection.maxResponseBytes == 4096)
        #expect(configuration.connection.headers.map(\.0) == ["Accept"])
    }

    @Test(arguments: 0..<5)
    func theCommonOptionsFollowTheNodesURLInForms(node: Int) throws {
        let (driver, _, field) = Self.nodes[node]
        let keys = try #require(driver.descriptor.optionsSchema["properties"]?.objectValue?.keys)
        let common = ["headers", "verifyTls", "timeout", "maxResponseBytes"]
        let start = try #require(keys.firstIndex(of: "headers"))
        #expect(Array(keys[start..<start + 4]) == common)
        #expect(try #require(keys.firstIndex(of: field)) < start)
    }

    @Test(arguments: 0..<5)
    func everyNodeRefusesSecretAndBrokenDefaultHeaders(node: Int) {
        let (driver, base, _) = Self.nodes[node]
        for (name, value) in [("Authorization", "Bearer abc"), ("X-Trace", "a\r\nInjected: yes"), ("Bad Name", "x")] {
            var options = base
            options["headers"] = .object([name: .string(value)])
            let error = #expect(throws: ConnectorError.self) { try driver.configure(options) }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.field == "headers.\(name)")
            #expect(error?.message.contains("abc") == false)
        }
    }

    @Test(arguments: 0..<5)
    func everyNodeRefusesURLsWithAPasswordOrAnotherScheme(node: Int) {
        let (driver, base, field) = Self.nodes[node]
        for url in ["ftp://files.example.com/x", "https://user:hunter2@api.example.com/x"] {
            var options = base
            options[field] = .string(url)
            let error = #expect(throws: ConnectorError.self) { try driver.configure(options) }
            #expect(error?.code == .invalidConfiguration)
            #expect(error?.field == field)
            #expect(error?.message.contains("hunter2") == false)
        }
    }

    @Test func anOAuth2TokenIsRefreshedOnceAfterA401AndBothTokensStayRedacted() async throws {
        let refreshes = Counter()
        let context = Self.context(credential: Credential(id: "c", kind: .oauth2, fields: ["accessToken": "old-token"])) {
            await refreshes.increment()
            return Credential(id: "c", kind: .oauth2, fields: ["accessToken": "new-token"])
        }
        var credential = try HTTPCallAuthentication(context: context)
        #expect(credential.authentication.headers.first?.1 == "Bearer old-token")
        #expect(try await credential.refresh(after: 200, context: context, service: "api.example.com") == false)
        #expect(try await credential.refresh(after: 401, context: context, service: "api.example.com"))
        #expect(credential.authentication.headers.first?.1 == "Bearer new-token")
        #expect(try await credential.refresh(after: 401, context: context, service: "api.example.com") == false)
        #expect(await refreshes.value == 1)
        #expect(credential.redactor.redact("old-token new-token").contains("token") == false)
        // The call's own redactor, through which the runtime lets results and errors out, learned both tokens.
        #expect(context.redactor.redact("old-token new-token") == "[redacted] [redacted]")
    }

    @Test func otherCredentialsAreNotRefreshedAndAFailedRefreshIsAuthenticationFailed() async throws {
        let bearer = Self.context(credential: Credential(id: "c", kind: .bearerToken, fields: ["token": "t"])) { nil }
        var plain = try HTTPCallAuthentication(context: bearer)
        #expect(try await plain.refresh(after: 401, context: bearer, service: "api.example.com") == false)

        struct Unreachable: Error {}
        let oauth = Self.context(credential: Credential(id: "c", kind: .oauth2, fields: ["accessToken": "a"])) { throw Unreachable() }
        var failing = try HTTPCallAuthentication(context: oauth)
        let error = await #expect(throws: ConnectorError.self) {
            try await failing.refresh(after: 401, context: oauth, service: "api.example.com")
        }
        #expect(error?.code == .authenticationFailed)
        #expect(error?.message.contains("api.example.com") == true)
    }

    @Test func anAPIKeyInTheQueryIsRedactedAlsoInItsEncodedForm() throws {
        let key = Credential(id: "k", kind: .apiKey, fields: ["key": "ab+c/d=", "name": "api_key", "placement": "query"])
        let authentication = try HTTPAuthentication(credential: key)
        let url = "https://a.example/x?" + PercentEncoding.query(authentication.query)
        #expect(!url.contains("ab+c/d="))
        let redacted = Redactor(secrets: authentication.secrets).redact(JSONValue.string("next: \(url)"))
        #expect(redacted.stringValue?.contains("ab%2Bc") == false, "\(redacted)")
    }

    static func context(credential: Credential, refresh: @escaping @Sendable () async throws -> Credential?) -> CallContext {
        CallContext(
            network: RESTFixture.network, deadline: .now + .seconds(10), logger: Logger(label: "test.http"), credential: credential,
            credentials: RefreshingCredentials(refresh: refresh))
    }
}

/// A credential provider whose refresh is the test's closure.
private struct RefreshingCredentials: CredentialProvider {
    let refresh: @Sendable () async throws -> Credential?
    func current() async throws -> Credential? { nil }
    func refresh(rejected: Credential) async throws -> Credential? { try await refresh() }
}

/// Counts calls made from concurrent code.
private actor Counter {
    private(set) var value = 0
    func increment() { value += 1 }
}

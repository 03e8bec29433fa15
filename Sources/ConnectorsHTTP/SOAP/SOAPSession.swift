import Foundation
import PlugboardCore

/// One `soap` connector's live session: the guarded HTTP client and the parsed WSDL's chosen service, cached for the
/// session's life so every call and action listing reuses it.
public struct SOAPSession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: SOAPConfiguration
    /// The endpoint as an HTTP service: deadlines, the credential at the HTTP layer (Basic, bearer, API keys) and its
    /// 401 refresh; a username and password sent as WS-Security travels in the envelope instead.
    let client: HTTPServiceClient
    let service: SOAPService
    /// Each operation's input and output JSON Schemas by name, derived once when the session opens.
    let operationSchemas: [String: (input: JSONValue, output: JSONValue)]
    /// `host[:port]` of the endpoint, for messages.
    let serviceName: String

    /// A session over `service`, with its operations' schemas and the endpoint's host worked out once.
    init(configuration: SOAPConfiguration, transport: any HTTPTransport, service: SOAPService) {
        self.configuration = configuration
        self.service = service
        var schemas: [String: (input: JSONValue, output: JSONValue)] = [:]
        for operation in service.operations where schemas[operation.name] == nil {
            schemas[operation.name] = (operation.input.jsonSchema(service.schemas), operation.output.jsonSchema(service.schemas))
        }
        self.operationSchemas = schemas
        let endpoint = configuration.endpoint ?? service.endpoint ?? ""
        // Userinfo, if the address carries any, stays out of messages.
        let name = HTTPConnectionOptions.service(of: endpoint).split(separator: "@").last.map(String.init) ?? ""
        let serviceName = name.isEmpty ? "the SOAP service" : name
        self.serviceName = serviceName
        let mode = configuration.authentication
        client = HTTPServiceClient(
            service: HTTPService(
                name: serviceName, baseURL: endpoint, defaultHeaders: configuration.headers, attemptTimeout: configuration.timeout,
                authenticate: { credential throws(ConnectorError) in
                    // A username and password goes in the envelope (WS-Security) unless the connector also or only asks for Basic.
                    if credential?.kind == .usernamePassword, mode == .wsSecurity { return HTTPAuthentication() }
                    return try HTTPAuthentication(credential: credential)
                }),
            transport: transport)
    }

    /// The guarded transport, for fetching the WSDL again.
    var transport: any HTTPTransport { client.transport }

    /// Closes the transport and its pooled connections.
    public func close() async {
        await client.transport.shutdown()
    }

    /// The envelope version calls use: the forced one, else the binding's.
    var version: SOAPVersion { configuration.forcedVersion ?? service.version }

    /// Where calls go: the override, else the port's address.
    func endpoint() throws(ConnectorError) -> String {
        guard let endpoint = configuration.endpoint ?? service.endpoint, !endpoint.isEmpty else {
            throw ConnectorError.invalidConfiguration(
                "The port '\(service.portName)' has no soap:address; set the endpoint override.", field: "endpoint")
        }
        return endpoint
    }

    /// The input and output JSON Schemas of `operation`, from the session's cache.
    func schemas(of operation: SOAPOperation) -> (input: JSONValue, output: JSONValue) {
        operationSchemas[operation.name] ?? (operation.input.jsonSchema(service.schemas), operation.output.jsonSchema(service.schemas))
    }

    /// Calls `operation` with a JSON input; returns the output as JSON and the response's SOAP headers.
    func call(
        _ operation: SOAPOperation, input: JSONValue, soapHeaders: [XMLTreeElement], context: CallContext
    ) async throws -> (output: JSONValue, headers: JSONValue) {
        let body = try operation.input.encode(input, service.schemas)
        var headerElements: [XMLTreeElement] = []
        if let credential = context.credential, credential.kind == .usernamePassword, configuration.authentication != .basic {
            let token = WSSecurityUsernameToken(
                username: credential["username"] ?? "", password: credential["password"] ?? "", digest: configuration.passwordType == .digest)
            headerElements.append(token.header(envelopeNamespace: version.envelopeNamespace, mustUnderstand: version.mustUnderstandValue))
        }
        headerElements += soapHeaders
        var headers = HeaderList(version.headers(action: operation.soapAction))
        headers.set("Accept", version == .v11 ? "text/xml, multipart/related" : "application/soap+xml, multipart/related")
        let endpoint = try endpoint()
        // SOAP answers faults with 500 and an envelope, so every status is read here, not by the client.
        let response = try await client.exchange(
            HTTPServiceRequest("POST", headers: headers.fields, body: SOAPEnvelope.request(version, headers: headerElements, body: body)),
            context: context
        ).response
        let redactor = context.redactor.redactor
        let service = serviceName
        let isXML = response.header("Content-Type").map { $0.lowercased().contains("xml") } ?? false
        if [401, 403, 429].contains(response.status) || !isXML,
            let failure = HTTPStatusFailure.error(for: response, service: service, redactor: redactor)
        {
            throw failure
        }
        if !isXML, response.status == 404 {
            throw ConnectorError(.notFound, message: "\(service) answered 404 for \(endpoint.prefix { $0 != "?" && $0 != "#" }).", fix: "Check the port address or the endpoint override.", field: "endpoint")
        }
        let (responseHeaders, responseBody) = try SOAPEnvelope.response(response.body, status: response.status, service: service)
        let output = operation.output.decode(responseBody, self.service.schemas)
        let headerJSON: JSONValue = .object(
            JSONObject(responseHeaders.map { ($0.name.localName, XSDDecoder.generic($0, depth: 0)) }))
        return (output, headerJSON)
    }
}

import Foundation
import PlugboardCore

/// One `soap` connector's live session: the guarded HTTP client and the parsed WSDL's chosen service, cached for the
/// session's life so every call and action listing reuses it.
public struct SOAPSession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: SOAPConfiguration
    let transport: any HTTPTransport
    let service: SOAPService
    /// Each operation's input and output JSON Schemas by name, derived once when the session opens.
    let operationSchemas: [String: (input: JSONValue, output: JSONValue)]
    /// `host[:port]` of the endpoint, for messages.
    let serviceName: String

    /// A session over `service`, with its operations' schemas and the endpoint's host worked out once.
    init(configuration: SOAPConfiguration, transport: any HTTPTransport, service: SOAPService) {
        self.configuration = configuration
        self.transport = transport
        self.service = service
        var schemas: [String: (input: JSONValue, output: JSONValue)] = [:]
        for operation in service.operations where schemas[operation.name] == nil {
            schemas[operation.name] = (operation.input.jsonSchema(service.schemas), operation.output.jsonSchema(service.schemas))
        }
        self.operationSchemas = schemas
        let endpoint = configuration.endpoint ?? service.endpoint ?? ""
        // Userinfo, if the address carries any, stays out of messages.
        let name = HTTPConnectionOptions.service(of: endpoint).split(separator: "@").last.map(String.init) ?? ""
        self.serviceName = name.isEmpty ? "the SOAP service" : name
    }

    /// Closes the transport and its pooled connections.
    public func close() async {
        await transport.shutdown()
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
        var http = HTTPAuthentication()
        if let credential = context.credential {
            if credential.kind == .usernamePassword {
                let mode = configuration.authentication
                if mode == .wsSecurity || mode == .both {
                    let token = WSSecurityUsernameToken(
                        username: credential["username"] ?? "", password: credential["password"] ?? "", digest: configuration.passwordType == .digest)
                    headerElements.append(token.header(envelopeNamespace: version.envelopeNamespace, mustUnderstand: version.mustUnderstandValue))
                }
                if mode == .basic || mode == .both { http = try HTTPAuthentication(credential: credential) }
            } else {
                http = try HTTPAuthentication(credential: credential)
            }
        }
        headerElements += soapHeaders
        var headers = HeaderList(configuration.headers)
        headers.set(contentsOf: version.headers(action: operation.soapAction))
        headers.set("Accept", version == .v11 ? "text/xml, multipart/related" : "application/soap+xml, multipart/related")
        headers.setDefaultUserAgent()
        headers.set(contentsOf: http.headers)
        let endpoint = try endpoint()
        let url = http.url(appendingQueryTo: endpoint)
        var request = HTTPRequestMessage(method: "POST", url: url, headers: headers.fields, body: SOAPEnvelope.request(version, headers: headerElements, body: body))
        request.credentialHeaders = http.credentialHeaders
        let deadline = min(context.deadline, .now + configuration.timeout)
        let response: HTTPResponseMessage
        do {
            response = try await transport.send(request, deadline: deadline)
        } catch let error as ConnectorError {
            throw http.redactor.redact(error)
        }
        let service = serviceName
        let isXML = response.header("Content-Type").map { $0.lowercased().contains("xml") } ?? false
        if [401, 403, 429].contains(response.status) || !isXML,
            let failure = HTTPStatusFailure.error(for: response, service: service, redactor: http.redactor)
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

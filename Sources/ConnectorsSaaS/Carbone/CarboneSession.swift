import ConnectorsHTTP
import Foundation
import PlugboardCore

/// One `carbone` connector's session: Carbone's API as an HTTP service, the token as a bearer token, the API version
/// in `carbone-version`, and Carbone's envelope read for every JSON answer.
public struct CarboneSession: ConnectorSession {
    public let configuration: CarboneConfiguration
    let client: HTTPServiceClient

    init(configuration: CarboneConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        let service = HTTPService(
            name: HTTPConnectionOptions.service(of: configuration.root), baseURL: configuration.root,
            defaultHeaders: configuration.headers + [("carbone-version", configuration.apiVersion)], attemptTimeout: configuration.connection.timeout,
            retryPolicy: HTTPRetryPolicy(retries: configuration.retries, baseDelay: .seconds(1), retriesUnprocessed: true),
            authenticate: HTTPAuthentication.bearerKey(service: "Carbone", what: "the API token"),
            failure: { response, redactor in CarboneFailure.error(response, redactor: redactor) })
        client = HTTPServiceClient(service: service, transport: transport)
    }

    public func close() async {
        await client.transport.shutdown()
    }

    /// A JSON method; returns the answer's `data`.
    func json(_ method: String, _ path: String, body: JSONValue? = nil, context: CallContext) async throws(ConnectorError) -> JSONValue {
        try await client.sendJSON(.json(method, path, body: body), context: context)["data"] ?? .null
    }

    /// Uploads a template file; returns its template id.
    func upload(_ file: [UInt8], filename: String, payload: String, context: CallContext) async throws(ConnectorError) -> JSONValue {
        let body = MultipartFormBody(parts: [
            MultipartFormBody.Part(name: "payload", bytes: Array(payload.utf8)),
            MultipartFormBody.Part(name: "template", filename: filename, contentType: "application/octet-stream", bytes: file),
        ])
        return try await client.sendJSON(HTTPServiceRequest("POST", "/template", headers: [("Content-Type", body.contentType)], body: body.bytes), context: context)["data"] ?? .null
    }

    /// A file's bytes, with the name Content-Disposition gives and its content type.
    func file(_ path: String, context: CallContext) async throws(ConnectorError) -> (bytes: [UInt8], filename: String?, contentType: String?) {
        let response = try await client.send(HTTPServiceRequest("GET", path), context: context)
        let disposition = response.header("Content-Disposition") ?? ""
        let filename = disposition.range(of: "filename=").map { String(disposition[$0.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: "\" ")) }
        return (response.body, filename, response.header("Content-Type"))
    }
}

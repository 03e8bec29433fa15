import PlugboardCore

/// One `rest` connector's live session: the configuration and the base URL as an HTTP service.
///
/// Shared by concurrent executions; the transport keeps connections to the API open between them.
public struct RESTSession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: RESTConfiguration
    /// The API as an HTTP service: default headers, credential, retries, deadlines, 401 refresh and failure statuses.
    let client: HTTPServiceClient
    /// The base URL without its query, which a next page's path is given relative to.
    let basePrefix: String

    init(configuration: RESTConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        var baseURL = configuration.baseURL
        if let mark = baseURL.firstIndex(of: "?") {
            let prefix = baseURL[..<mark]
            basePrefix = prefix.hasSuffix("/") ? String(prefix.dropLast()) : String(prefix)
            // The base URL's own query stays in front of every request's parameters.
            baseURL = basePrefix + baseURL[mark...]
        } else {
            basePrefix = baseURL
        }
        let service = HTTPService(
            name: HTTPConnectionOptions.service(of: basePrefix), baseURL: baseURL, defaultHeaders: configuration.headers,
            attemptTimeout: configuration.timeout, retryPolicy: configuration.retryPolicy)
        client = HTTPServiceClient(service: service, transport: transport)
    }

    /// `host` or `host:port` of the base URL, for messages.
    var service: String { client.service.name }

    /// Closes the transport and its pooled connections.
    public func close() async {
        await client.transport.shutdown()
    }

    /// The service request `input` describes: its path under the base URL, its parameters and headers, and its body
    /// with the Content-Type the body kind implies (unless the caller or the connector set one; multipart's always wins,
    /// since its boundary is generated here).
    func request(for input: RESTRequestInput) throws(ConnectorError) -> HTTPServiceRequest {
        let body = try input.body?.encoded()
        var headers = HeaderList(input.headers)
        if let type = input.contentType {
            headers.set("Content-Type", type)
        } else if let type = body?.contentType,
            type.hasPrefix("multipart/") || !(headers.contains("Content-Type") || HeaderList(configuration.headers).contains("Content-Type"))
        {
            headers.set("Content-Type", type)
        }
        return HTTPServiceRequest(input.method.rawValue, try path(input.path), query: input.query, headers: headers.fields, body: body?.bytes)
    }

    /// `path` percent-encoded as a path under the base URL, its own query kept as written.
    ///
    /// Throws `invalid_input` for an absolute URL, a scheme or a `//host` path: a request never leaves the base URL's host.
    func path(_ path: String) throws(ConnectorError) -> String {
        if Self.hasScheme(path) || path.hasPrefix("//") || path.hasPrefix("\\") || path.hasPrefix("/\\") {
            throw .invalidInput(
                "The path must be relative to the base URL (such as /users/42), not an absolute URL.", field: "path")
        }
        var pathPart = Substring(path)
        var pathQuery: Substring = ""
        if let mark = path.firstIndex(of: "?") {
            pathPart = path[..<mark]
            pathQuery = path[path.index(after: mark)...]
        }
        var encoded = ""
        if !pathPart.isEmpty { encoded = "/" + PercentEncoding.path(String(pathPart.hasPrefix("/") ? pathPart.dropFirst() : pathPart)) }
        if !pathQuery.isEmpty { encoded += "?" + PercentEncoding.rawQuery(String(pathQuery)) }
        return encoded
    }

    /// Whether `path` starts with a URL scheme such as `http:` or `javascript:`.
    private static func hasScheme(_ path: String) -> Bool {
        guard let colon = path.firstIndex(of: ":"), let first = path.first, first.isASCII, first.isLetter else { return false }
        return path[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}

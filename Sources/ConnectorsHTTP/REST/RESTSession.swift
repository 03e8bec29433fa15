import PlugboardCore

/// One `rest` connector's live session: the configuration and the guarded HTTP transport made from it.
///
/// Shared by concurrent executions; the transport keeps connections to the API open between them.
public struct RESTSession: ConnectorSession {
    /// The fields this session was opened with.
    public let configuration: RESTConfiguration
    let transport: any HTTPTransport
    /// The base URL without its query.
    let basePrefix: String
    /// The base URL's own query, kept in front of every request's parameters.
    let baseQuery: String?
    /// `host` or `host:port` of the base URL, for messages.
    let service: String

    init(configuration: RESTConfiguration, transport: any HTTPTransport) {
        self.configuration = configuration
        self.transport = transport
        let base = configuration.baseURL
        if let mark = base.firstIndex(of: "?") {
            let prefix = base[..<mark]
            self.basePrefix = prefix.hasSuffix("/") ? String(prefix.dropLast()) : String(prefix)
            let query = base[base.index(after: mark)...]
            self.baseQuery = query.isEmpty ? nil : String(query)
        } else {
            self.basePrefix = base
            self.baseQuery = nil
        }
        self.service = HTTPConnectionOptions.service(of: self.basePrefix)
    }

    /// Closes the transport and its pooled connections.
    public func close() async {
        await transport.shutdown()
    }

    /// The full URL for a path relative to the base URL, with query parameters appended.
    ///
    /// Throws `invalid_input` for an absolute URL, a scheme or a `//host` path: a request never leaves the base URL's host.
    func url(path: String, query: [(String, String)]) throws(ConnectorError) -> String {
        if Self.hasScheme(path) || path.hasPrefix("//") || path.hasPrefix("\\") || path.hasPrefix("/\\") {
            throw .invalidInput(
                "The path must be relative to the base URL (such as /users/42), not an absolute URL.", field: "path")
        }
        var pathPart = Substring(path)
        var pathQuery: Substring?
        if let mark = path.firstIndex(of: "?") {
            pathPart = path[..<mark]
            pathQuery = path[path.index(after: mark)...]
        }
        var url = basePrefix
        if !pathPart.isEmpty {
            url += "/"
            url += PercentEncoding.path(String(pathPart.hasPrefix("/") ? pathPart.dropFirst() : pathPart))
        }
        var parts: [String] = []
        if let baseQuery { parts.append(baseQuery) }
        if let pathQuery, !pathQuery.isEmpty { parts.append(PercentEncoding.rawQuery(String(pathQuery))) }
        if !query.isEmpty { parts.append(PercentEncoding.query(query)) }
        if !parts.isEmpty {
            url += "?"
            url += parts.joined(separator: "&")
        }
        return url
    }

    /// Whether `path` starts with a URL scheme such as `http:` or `javascript:`.
    private static func hasScheme(_ path: String) -> Bool {
        guard let colon = path.firstIndex(of: ":"), let first = path.first, first.isASCII, first.isLetter else { return false }
        return path[..<colon].allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}

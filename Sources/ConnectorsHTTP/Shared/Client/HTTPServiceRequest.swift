import PlugboardCore

/// One request to an `HTTPService`: a method, a path under its base URL, query parameters, headers and a body.
public struct HTTPServiceRequest: Sendable {
    /// The HTTP method, upper case.
    public var method: String
    /// Appended to the service's base URL; empty for the base URL itself.
    public var path: String
    /// Query parameters, in order; a name may repeat.
    public var query: [(String, String)]
    /// Headers that replace the service's defaults by name.
    public var headers: [(String, String)]
    /// The body's bytes, if any.
    public var body: [UInt8]?
    /// A whole URL the service itself handed out (a next-page link, an event stream's endpoint), used instead of the
    /// base URL and path; the egress guard checks it like any other.
    public var absoluteURL: String?

    public init(
        _ method: String, _ path: String = "", query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8]? = nil
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A request with `body` as JSON (and `Content-Type: application/json`), or without a body when it is nil.
    public static func json(_ method: String, _ path: String = "", query: [(String, String)] = [], body: JSONValue?) -> HTTPServiceRequest {
        HTTPServiceRequest(method, path, query: query, headers: body == nil ? [] : [("Content-Type", "application/json")], body: body?.jsonBytes())
    }

    /// A request to a URL the service handed out, instead of a path under the base URL.
    public static func to(
        _ absoluteURL: String, method: String, headers: [(String, String)] = [], body: [UInt8]? = nil
    ) -> HTTPServiceRequest {
        var request = HTTPServiceRequest(method, headers: headers, body: body)
        request.absoluteURL = absoluteURL
        return request
    }
}

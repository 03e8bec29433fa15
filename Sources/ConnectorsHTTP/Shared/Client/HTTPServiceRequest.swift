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

    public init(
        _ method: String, _ path: String = "", query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8]? = nil
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// A POST of a JSON document, asking for JSON back unless `headers` says otherwise.
    public static func postJSON(_ path: String = "", _ document: JSONValue, headers: [(String, String)] = []) -> HTTPServiceRequest {
        var list = HeaderList([("Content-Type", "application/json"), ("Accept", "application/json")])
        list.set(contentsOf: headers)
        return HTTPServiceRequest("POST", path, headers: list.fields, body: document.jsonBytes())
    }
}

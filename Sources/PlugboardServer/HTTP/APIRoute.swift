import Hummingbird
import PlugboardCore

/// One API route: how it is served and how `/openapi.json` describes it. The router and the document are
/// both built from the same list, so they cannot disagree.
struct APIRoute: Sendable {
    typealias Handler = @Sendable (Request, PlugboardRequestContext) async throws -> Response

    struct Parameter: Sendable {
        var name: String
        var location: String
        var description: String
        var schema: JSONValue
    }

    var method: HTTPRequest.Method
    /// The path as OpenAPI writes it, `{name}` for parameters; Hummingbird reads the same syntax.
    var path: String
    var operationID: String
    var summary: String
    var tag: String
    var authenticated = true
    var query: [Parameter] = []
    var requestBody: JSONValue?
    var successStatus = 200
    var responseSchema: JSONValue?
    var responseContentType = "application/json"
    /// Other media types the success response may have, chosen by the request's Accept header.
    var alternativeContent: JSONObject = [:]
    /// The route's responses as OpenAPI writes them, for a route that does not answer with the API's error body
    /// (`/mcp` answers JSON-RPC); nil describes the usual success and error responses.
    var responses: JSONObject?
    /// Renders the route's failures, authentication included, for a route with an error body of its own (`/mcp`
    /// answers JSON-RPC errors); nil leaves them to the API's error middleware.
    var errorResponse: (@Sendable (ConnectorError) -> Response)?
    var handler: Handler

    /// Path parameters, read from the path template.
    var pathParameters: [String] {
        path.split(separator: "/").compactMap { part in
            part.hasPrefix("{") && part.hasSuffix("}") ? String(part.dropFirst().dropLast()) : nil
        }
    }
}

extension APIRoute.Parameter {
    static func query(_ name: String, _ description: String, _ schema: JSONValue = Schema.string()) -> Self {
        Self(name: name, location: "query", description: description, schema: schema)
    }

    static let limit = query("limit", "Items per page (1 to 500, default 50).", Schema.integer(minimum: 1, maximum: 500))
    static let offset = query("offset", "Items to skip.", Schema.integer(minimum: 0))
}

extension PlugboardRequestContext {
    /// A path parameter the route template declares.
    func parameter(_ name: String) throws -> String {
        try parameters.require(name)
    }
}

import HTTPTypes
import PlugboardCore

/// How `/openapi.json` describes `/mcp`'s answers as they are: server-sent events or JSON-RPC messages on success,
/// and a JSON-RPC error body (not the API's error body) for every failure.
enum MCPRouteResponses {
    /// The statuses `/mcp` fails with: a bad message or session (400), no token (401), a role or origin refused (403),
    /// an unknown session (404), a method the session does not take (405), an Accept without event streams (406), a
    /// body too large (413), a body that is not JSON (415).
    static let errorStatuses = ["400", "401", "403", "404", "405", "406", "413", "415"]

    /// The responses of one `/mcp` method.
    static func responses(for method: HTTPRequest.Method) -> JSONObject {
        var responses = JSONObject()
        switch method {
        case .post:
            responses["200"] = [
                "description": "The answer to a request: server-sent events carrying JSON-RPC messages, or one JSON-RPC message",
                "content": ["text/event-stream": ["schema": ["type": "string"]], "application/json": ["schema": APISchemas.ref("JSONRPCMessage")]],
            ]
            responses["202"] = ["description": "A notification or response from the client, accepted"]
        case .get:
            responses["200"] = [
                "description": "The session's stream of server messages, as server-sent events",
                "content": ["text/event-stream": ["schema": ["type": "string"]]],
            ]
        default:
            responses["200"] = ["description": "The session has ended"]
        }
        let error: JSONValue = [
            "description": "A JSON-RPC error; its message starts with the Plugboard error code where there is one",
            "content": ["application/json": ["schema": APISchemas.ref("JSONRPCError")]],
        ]
        for status in errorStatuses { responses[status] = error }
        responses["default"] = error
        return responses
    }
}

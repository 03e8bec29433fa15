import PlugboardCore

/// Builds the OpenAPI 3.1 document from the route table the router is built from.
enum OpenAPIDocument {
    static func make(_ routes: [APIRoute]) -> JSONValue {
        var paths = JSONObject()
        for route in routes {
            var item = paths[route.path]?.objectValue ?? [:]
            item[route.method.rawValue.lowercased()] = operation(route)
            paths[route.path] = .object(item)
        }
        paths["/openapi.json"] = [
            "get": ["operationId": "openapi", "summary": "This document", "tags": ["System"], "security": [],
                    "responses": ["200": ["description": "OK", "content": ["application/json": ["schema": ["type": "object"]]]]]]
        ]
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "Plugboard API", "version": "1.0.0",
                "description": "Credentials, connectors and actions for AI agents and workflows. Errors are {\"error\": {code, message, cause, fix, retryable}}.",
            ],
            "servers": [["url": "/"]],
            "security": [["bearer": []]],
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "description": "An API token (pb_…)."]],
                "schemas": .object(JSONObject(Array(APISchemas.components) + Array(APISchemas.workflowComponents))),
            ],
        ]
    }

    private static func operation(_ route: APIRoute) -> JSONValue {
        var operation: JSONObject = [
            "operationId": .string(route.operationID), "summary": .string(route.summary), "tags": [.string(route.tag)],
            "parameters": .array(parameters(route)), "responses": .object(route.responses ?? responses(route)),
        ]
        if !route.authenticated { operation["security"] = [] }
        if let body = route.requestBody {
            operation["requestBody"] = ["required": true, "content": ["application/json": ["schema": body]]]
        }
        return .object(operation)
    }

    private static func parameters(_ route: APIRoute) -> [JSONValue] {
        var parameters: [JSONValue] = route.pathParameters.map { name in
            ["name": .string(name), "in": "path", "required": true, "schema": ["type": "string"],
             "description": "An id or a name."]
        }
        parameters += route.query.map { parameter in
            ["name": .string(parameter.name), "in": .string(parameter.location), "required": false,
             "description": .string(parameter.description), "schema": parameter.schema]
        }
        return parameters
    }

    /// The success response, and the API's error body for every status the route can fail with.
    private static func responses(_ route: APIRoute) -> JSONObject {
        var responses = JSONObject()
        let success = String(route.successStatus)
        if let schema = route.responseSchema, route.successStatus != 204 {
            var content: JSONObject = [route.responseContentType: ["schema": schema]]
            for (type, schema) in route.alternativeContent { content[type] = ["schema": schema] }
            responses[success] = ["description": "Success", "content": .object(content)]
        } else {
            responses[success] = ["description": "Success"]
        }
        let error: JSONValue = ["description": "An error with code, message, cause and fix",
                                "content": ["application/json": ["schema": APISchemas.ref("Error")]]]
        var errorStatuses = ["400", "404", "413"]
        if route.authenticated { errorStatuses += ["401", "403"] }
        if route.method == .post || route.method == .patch || route.method == .delete { errorStatuses.append("409") }
        if route.path.hasSuffix("/test") || route.path.contains("/actions/") { errorStatuses += ["422", "429", "502", "503", "504"] }
        for status in errorStatuses.sorted() { responses[status] = error }
        responses["default"] = error
        return responses
    }
}

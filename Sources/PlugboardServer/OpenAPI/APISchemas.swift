import PlugboardCore

/// The JSON Schemas of the API's bodies, published under `components/schemas` in `/openapi.json`.
enum APISchemas {
    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    static func list(of name: String) -> JSONValue {
        Schema.object(
            ["items": Schema.array(ref(name)), "total": Schema.integer(), "limit": Schema.integer(), "offset": Schema.integer()],
            required: ["items", "total"])
    }

    static let timestamp = Schema.string(format: "date-time")
    static let nullableString: JSONValue = ["type": ["string", "null"]]
    static let anyObject = Schema.object([:], additionalProperties: true)

    static let createApplication = Schema.object(["name": Schema.string(minLength: 1, maxLength: 100)], required: ["name"])
    static let createCredential = Schema.object(
        ["name": Schema.string(minLength: 1), "kind": Schema.string(enum: CredentialKind.all.map(\.rawValue)),
         "fields": Schema.map(of: Schema.string(), description: "The kind's fields; see /api/v1/credential-kinds.")],
        required: ["name", "kind", "fields"])
    static let updateCredential = Schema.object(
        ["name": Schema.string(minLength: 1), "fields": Schema.map(of: nullableString, description: "null removes a field.")])
    static let createConnector = Schema.object(
        ["type": Schema.string(description: "A connector type id, e.g. plugboard.nodes.rest."), "name": Schema.string(minLength: 1),
         "description": Schema.string(), "options": anyObject, "credentialId": Schema.string(description: "Credential id or name.")],
        required: ["type", "name"])
    static let updateConnector = Schema.object(
        ["name": Schema.string(minLength: 1), "description": Schema.string(), "options": anyObject, "credentialId": nullableString])
    static let createToken = Schema.object(
        ["name": Schema.string(minLength: 1), "application": Schema.string(description: "Application id or name; omit for a global token."),
         "role": Schema.string(default: "runner", enum: ["admin", "editor", "runner", "viewer"])],
        required: ["name"])

    static let components: JSONObject = [
        "Error": Schema.object(
            ["error": Schema.object(
                ["code": Schema.string(), "message": Schema.string(), "cause": Schema.string(), "fix": Schema.string(),
                 "retryable": Schema.boolean(), "field": Schema.string(), "retryAfter": Schema.number(), "details": Schema.any()],
                required: ["code", "message", "cause", "fix", "retryable"], additionalProperties: true)],
            required: ["error"]),
        "JSONRPCError": Schema.object(
            ["jsonrpc": Schema.string(enum: ["2.0"]),
             "error": Schema.object(["code": Schema.integer(), "message": Schema.string(), "data": Schema.any()], required: ["code", "message"]),
             "id": ["type": ["string", "integer", "null"]]],
            required: ["jsonrpc", "error", "id"], description: "How /mcp answers every failure."),
        "JSONRPCMessage": Schema.object(
            ["jsonrpc": Schema.string(enum: ["2.0"])], required: ["jsonrpc"], additionalProperties: true,
            description: "A JSON-RPC 2.0 request, notification, result or error."),
        "Application": Schema.object(["id": Schema.string(), "name": Schema.string(), "createdAt": timestamp], required: ["id", "name", "createdAt"]),
        "Credential": Schema.object(
            ["id": Schema.string(), "applicationId": Schema.string(), "name": Schema.string(), "kind": Schema.string(),
             "fields": Schema.map(of: Schema.string(), description: "Non-secret fields only."),
             "secretFields": Schema.array(Schema.string(), description: "Secret fields that are set; values are never returned."),
             "expiresAt": ["type": ["string", "null"], "format": "date-time"], "version": Schema.integer(),
             "createdAt": timestamp, "updatedAt": timestamp],
            required: ["id", "name", "kind", "fields", "secretFields"]),
        "SignIn": Schema.object(
            ["authorizationUrl": Schema.string(description: "The provider's consent page; open it in a browser."),
             "redirectUri": Schema.string(description: "Where the provider sends the browser back; register it with the provider."),
             "expiresAt": timestamp],
            required: ["authorizationUrl", "redirectUri", "expiresAt"]),
        "CredentialKind": Schema.object(["kind": Schema.string(), "displayName": Schema.string(), "schema": anyObject]),
        "Connector": Schema.object(
            ["id": Schema.string(), "applicationId": Schema.string(), "name": Schema.string(), "description": Schema.string(),
             "type": Schema.string(description: "The connector type id."),
             "resource": Schema.string(description: "The Resource column: the connector type id, as the product names it."),
             "options": anyObject,
             "credentialId": nullableString, "credentialName": nullableString, "version": Schema.integer(),
             "createdAt": timestamp, "updatedAt": timestamp],
            required: ["id", "name", "type", "options", "createdAt"]),
        "ConnectorType": Schema.object(
            ["id": Schema.string(), "category": Schema.string(), "displayName": Schema.string(), "description": Schema.string(),
             "optionsSchema": anyObject, "credentialKinds": Schema.array(Schema.string()), "credentialRequired": Schema.boolean(),
             "actions": Schema.array(ref("Action")),
             "connectorActions": Schema.boolean(description: "Each connector adds actions of its own (GET …/connectors/{connector}/actions)."),
             "schemaDiscovery": Schema.boolean(description: "GET …/connectors/{connector}/schema describes the service.")]),
        "Action": Schema.object(
            ["name": Schema.string(), "title": Schema.string(), "description": Schema.string(), "inputSchema": anyObject,
             "outputSchema": anyObject,
             "annotations": Schema.object(["readOnly": Schema.boolean(), "destructive": Schema.boolean(), "idempotent": Schema.boolean()]),
             "streams": Schema.boolean(description: "Run with Accept: text/event-stream to receive the answer in pieces as server-sent events.")],
            required: ["name", "inputSchema"]),
        "Dependent": Schema.object(["id": Schema.string(), "kind": Schema.string(), "name": Schema.string(), "createdAt": timestamp]),
        "TestResult": Schema.object(["ok": Schema.boolean(), "latencyMs": Schema.number(), "details": Schema.any()], required: ["ok", "latencyMs"]),
        "ExecutionResult": Schema.object(
            ["executionId": Schema.string(), "durationMs": Schema.number(), "output": Schema.any()], required: ["executionId", "output"]),
        "Execution": Schema.object(
            ["id": Schema.string(), "startedAt": timestamp, "tokenName": Schema.string(), "connectorId": Schema.string(),
             "connectorName": Schema.string(), "action": Schema.string(), "status": Schema.string(enum: ["succeeded", "failed"]),
             "errorCode": nullableString, "durationMs": Schema.number(), "inputBytes": Schema.integer(), "outputBytes": Schema.integer(),
             "runId": nullableString,
             "tokens": [
                "type": ["object", "null"], "description": "The tokens an LLM action used; null for actions that count none.",
                "properties": ["inputTokens": Schema.integer(), "outputTokens": Schema.integer()],
             ]]),
        "Token": Schema.object(
            ["id": Schema.string(), "name": Schema.string(), "applicationId": nullableString, "applicationName": nullableString,
             "role": Schema.string(), "createdAt": timestamp, "lastUsedAt": ["type": ["string", "null"], "format": "date-time"]]),
        "CreatedToken": Schema.object(
            ["id": Schema.string(), "name": Schema.string(), "applicationId": nullableString, "role": Schema.string(),
             "token": Schema.string(description: "The token itself; shown only in this response.")],
            required: ["id", "token"], additionalProperties: true),
        "Keys": Schema.object(
            ["activeKeyId": Schema.string(), "source": Schema.string(enum: ["file", "environment"]),
             "keys": Schema.array(Schema.object(
                ["id": Schema.string(), "active": Schema.boolean(), "available": Schema.boolean(), "credentials": Schema.integer()]))]),
        "RotationProgress": Schema.object(
            ["phase": Schema.string(enum: ["started", "rewrapping", "completed", "failed"]), "done": Schema.integer(),
             "total": Schema.integer(), "keyId": Schema.string(), "error": Schema.any()],
            description: "One line of the NDJSON stream."),
    ]
}

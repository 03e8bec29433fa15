import HTTPTypes
import Hummingbird
import PlugboardCore
import PlugboardRuntime
import PlugboardStore

/// Connectors of an application: the table, create, edit, delete (refused while dependents exist), dependents.
struct ConnectorsController {
    let instance: PlugboardInstance
    static let base = "/api/v1/applications/{app}/connectors"

    var routes: [APIRoute] {
        [
            APIRoute(
                method: .get, path: Self.base, operationID: "listConnectors", summary: "List connectors", tag: "Connectors",
                query: [
                    .query("type", "Only connectors of this type id."), .query("name", "Only names containing this text."),
                    .query("sort", "Sort by name (default), createdAt or type.", Schema.string(enum: ConnectorOrder.Key.allCases.map(\.rawValue))),
                    .query("order", "asc (default) or desc.", Schema.string(enum: ["asc", "desc"])), .limit, .offset,
                ],
                responseSchema: APISchemas.list(of: "Connector")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read connectors")
                let page = PageRequest(limit: try request.integerQuery("limit") ?? 50, offset: try request.integerQuery("offset") ?? 0)
                let filter = ConnectorFilter(type: request.stringQuery("type"), name: request.stringQuery("name"), order: try Self.order(request))
                let connectors = try await instance.store.connectors(applicationID: application.id, filter: filter, page)
                let names = try await instance.store.credentialNames(ids: connectors.items.compactMap(\.credentialID))
                return .json(connectors.json { $0.json(credentialName: $0.credentialID.flatMap { names[$0] }) })
            },
            APIRoute(
                method: .post, path: Self.base, operationID: "createConnector", summary: "Create a connector", tag: "Connectors",
                requestBody: APISchemas.createConnector, successStatus: 201, responseSchema: APISchemas.ref("Connector")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "create connectors")
                let draft = try Self.draft(from: try await request.jsonObject(limit: instance.maxBodyBytes))
                let record = try await instance.runtime.catalog.create(applicationID: application.id, draft)
                return .json(try await represent(record, application), status: .created)
            },
            APIRoute(
                method: .post, path: Self.base + "/test", operationID: "testConnectorDraft",
                summary: "Test connection details before saving them", tag: "Connectors",
                query: [.query("timeout", "Seconds to allow (default 30).", Schema.number(minimum: 0))],
                requestBody: APISchemas.createConnector, responseSchema: APISchemas.ref("TestResult")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "test connection details")
                var body = try await request.jsonObject(limit: instance.maxBodyBytes)
                if body["name"] == nil { body["name"] = "draft" }
                let report = try await instance.runtime.test(draft: try Self.draft(from: body), applicationID: application.id, timeout: try timeout(request))
                return .json(["ok": true, "latencyMs": report.latency.millisecondsValue, "details": report.details])
            },
            APIRoute(
                method: .get, path: Self.base + "/{connector}", operationID: "getConnector", summary: "Get a connector by id or name",
                tag: "Connectors", responseSchema: APISchemas.ref("Connector")
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read connectors")
                return .json(try await represent(try await connector(application, context), application))
            },
            APIRoute(
                method: .patch, path: Self.base + "/{connector}", operationID: "updateConnector",
                summary: "Update a connector; new connection details apply to the next execution", tag: "Connectors",
                requestBody: APISchemas.updateConnector, responseSchema: APISchemas.ref("Connector")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .editor, "update connectors")
                let existing = try await connector(application, context)
                let body = try await request.jsonObject(limit: instance.maxBodyBytes)
                try body.onlyKeys(["name", "description", "options", "credentialId"])
                var changes = ConnectorCatalog.Changes(
                    name: try body.string("name"), description: try body.string("description"), options: try body.object("options"))
                if body["credentialId"] != nil { changes.credential = .some(try body.string("credentialId")) }
                let updated = try await instance.runtime.catalog.update(existing, changes)
                return .json(try await represent(updated, application))
            },
            APIRoute(
                method: .delete, path: Self.base + "/{connector}", operationID: "deleteConnector",
                summary: "Delete a connector; refused with connector_in_use while dependents exist", tag: "Connectors", successStatus: 204
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .editor, "delete connectors")
                try await instance.runtime.catalog.delete(try await connector(application, context))
                return Response(status: .noContent)
            },
            APIRoute(
                method: .get, path: Self.base + "/{connector}/dependents", operationID: "listConnectorDependents",
                summary: "Triggers, workflow nodes and agent tool bindings that use the connector", tag: "Connectors",
                responseSchema: APISchemas.list(of: "Dependent")
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read connectors")
                let dependents = try await instance.store.dependents(connectorID: try await connector(application, context).id)
                return .json(["items": .array(dependents.map(\.json)), "total": .integer(Int64(dependents.count))])
            },
            APIRoute(
                method: .post, path: Self.base + "/{connector}/test", operationID: "testConnector",
                summary: "Test the connection with a real round trip", tag: "Connectors",
                query: [.query("timeout", "Seconds to allow (default 30).", Schema.number(minimum: 0))],
                responseSchema: APISchemas.ref("TestResult")
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .runner, "test connectors")
                let report = try await instance.runtime.test(try await connector(application, context), timeout: try timeout(request))
                return .json(["ok": true, "latencyMs": report.latency.millisecondsValue, "details": report.details])
            },
            APIRoute(
                method: .get, path: Self.base + "/{connector}/actions", operationID: "listConnectorActions",
                summary: "The connector's actions: its type's table and those it offers itself (OpenAPI operations, MCP tools)",
                tag: "Connectors", responseSchema: APISchemas.list(of: "Action")
            ) { _, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read connectors")
                let actions = try await instance.runtime.actions(of: try await connector(application, context))
                return .json(["items": .array(actions.map(\.json)), "total": .integer(Int64(actions.count))])
            },
            APIRoute(
                method: .get, path: Self.base + "/{connector}/schema", operationID: "discoverConnectorSchema",
                summary: "What the connector's service holds: tables and columns, GraphQL types, SOAP or OpenAPI operations",
                tag: "Connectors", query: [.query("timeout", "Seconds to allow (default 30).", Schema.number(minimum: 0))],
                responseSchema: Schema.object([:], additionalProperties: true)
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .viewer, "read connectors")
                return .json(try await instance.runtime.discover(try await connector(application, context), timeout: try timeout(request)))
            },
            APIRoute(
                method: .post, path: Self.base + "/{connector}/actions/{action}", operationID: "runAction",
                summary: "Run an action; the body is the action's input, validated against its schema. With the header Plugboard-Cancel-On-Disconnect: true the execution is cancelled if the caller disconnects (the connection is then not reused). With Accept: text/event-stream the answer is server-sent events: the pieces of an action that streams (an LLM's tokens) as 'delta', then 'result' with this route's JSON body or 'error' with an error body; the execution stops when the caller goes away.",
                tag: "Connectors",
                query: [.query("timeout", "Seconds before the execution's deadline (default 60, at most 600).", Schema.number(minimum: 0))],
                requestBody: Schema.object([:], additionalProperties: true), responseSchema: APISchemas.ref("ExecutionResult"),
                alternativeContent: ["text/event-stream": Schema.string(description: "event: delta|result|error, data: one JSON value per event.")]
            ) { request, context in
                let application = try await instance.authorizedApplication(context, .runner, "run actions")
                let principal = try context.requirePrincipal()
                let connector = try context.parameter("connector")
                let action = try context.parameter("action")
                let timeout = try timeout(request)
                let limit = instance.maxBodyBytes
                let runtime = instance.runtime
                let prepare = { @Sendable (body: RequestBody) async throws -> Runtime.PreparedExecution in
                    let (input, size) = try await Request.json(from: body, limit: limit)
                    return try await runtime.prepare(
                        application: application, connector: connector, action: action, input: input, inputBytes: size,
                        caller: principal.caller, timeout: timeout)
                }
                if ActionEventStream.isRequested(by: request) {
                    return ActionEventStream.response(running: try await prepare(request.body), on: runtime)
                }
                let run = { @Sendable (body: RequestBody) async throws -> Runtime.Outcome in
                    try await runtime.run(try await prepare(body))
                }
                // Watching for the caller going away ends HTTP keep-alive in Hummingbird, so callers opt in.
                let outcome = request.headers[.cancelOnDisconnect] == "true"
                    ? try await request.body.consumeWithCancellationOnInboundClose(run)
                    : try await run(request.body)
                return .json(bytes: outcome.resultBody)
            },
        ]
    }

    static func draft(from body: JSONObject) throws -> ConnectorCatalog.Draft {
        try body.onlyKeys(["type", "name", "description", "options", "credentialId"])
        return ConnectorCatalog.Draft(
            type: try body.string("type", required: true)!, name: try body.string("name", required: true)!,
            description: try body.string("description") ?? "", options: try body.object("options") ?? [:],
            credential: try body.string("credentialId"))
    }

    /// The list order from `sort` and `order`; names outside the whitelist are refused, never passed on.
    static func order(_ request: Request) throws -> ConnectorOrder {
        var order = ConnectorOrder()
        if let sort = request.stringQuery("sort") {
            guard let key = ConnectorOrder.Key(rawValue: sort) else {
                throw ConnectorError.invalidInput("The query parameter 'sort' must be name, createdAt or type.", field: "sort")
            }
            order.key = key
        }
        switch request.stringQuery("order") {
        case nil, "asc": break
        case "desc": order.descending = true
        default: throw ConnectorError.invalidInput("The query parameter 'order' must be asc or desc.", field: "order")
        }
        return order
    }

    private func timeout(_ request: Request) throws -> Duration? {
        guard let text = request.stringQuery("timeout") else { return nil }
        guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
            throw ConnectorError.invalidInput("The query parameter 'timeout' must be a positive number of seconds.", field: "timeout")
        }
        return .milliseconds(Int64(min(seconds, 600) * 1000))
    }

    private func connector(_ application: ApplicationRecord, _ context: PlugboardRequestContext) async throws -> ConnectorRecord {
        let reference = try context.parameter("connector")
        guard let record = try await instance.store.connector(applicationID: application.id, reference) else {
            throw ConnectorError.notFound("connector", reference)
        }
        return record
    }

    private func represent(_ record: ConnectorRecord, _ application: ApplicationRecord) async throws -> JSONValue {
        var name: String?
        if let id = record.credentialID { name = try await instance.store.credential(applicationID: application.id, id)?.name }
        return record.json(credentialName: name)
    }
}

extension HTTPField.Name {
    /// `Plugboard-Cancel-On-Disconnect: true` asks for the execution to be cancelled when the caller disconnects.
    static let cancelOnDisconnect = Self("Plugboard-Cancel-On-Disconnect")!
}

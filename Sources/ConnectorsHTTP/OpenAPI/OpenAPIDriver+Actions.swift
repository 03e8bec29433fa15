import PlugboardCore

extension OpenAPIDriver {
    static let operationsAction = ConnectorAction<OpenAPISession>(
        name: "operations", title: "List operations",
        description: "Lists the document's operations: action name, operationId, method, path and summary, and the server called.",
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: NoInput.self,
        outputSchema: Schema.object(
            [
                "title": Schema.string(title: "API title"), "server": Schema.string(title: "Server URL"),
                "operations": Schema.array(Schema.any(), title: "Operations"),
            ])
    ) { session, _, _ in
        [
            "title": .string(session.spec.title), "server": .string(session.baseURL),
            "operations": .array(session.spec.operations.map { $0.json(includingSchema: false) }),
        ]
    }

    static let callAction = ConnectorAction<OpenAPISession>(
        name: "call", title: "Call an operation",
        description: """
            Calls one operation by its operationId (or action name) with its input: parameters by name and the request \
            body under `body`, checked against the operation's input schema before sending. Use `operations` to list them.
            """,
        annotations: ActionAnnotations(), input: OpenAPICallInput.self, outputSchema: responseSchema(body: nil)
    ) { session, input, context in
        guard let operation = session.spec.operation(named: input.operationID) else {
            throw ConnectorError(
                .notFound, message: "The document has no operation '\(input.operationID)'.",
                fix: "Use one of: \(session.spec.operations.map(\.name).joined(separator: ", ")).")
        }
        let filled = Schema.applyingDefaults(to: .object(input.input.object), schema: operation.inputSchema)
        try SchemaValidator.validate(filled, against: operation.inputSchema)
        return try await run(operation, session: session, input: filled, context: context)
    }

    /// The action for one operation.
    static func action(for operation: OpenAPIOperation) -> ConnectorAction<OpenAPISession> {
        ConnectorAction(
            ActionDescriptor(
                name: operation.name, title: operation.summary ?? "\(operation.method) \(operation.path)",
                description: operation.actionDescription, inputSchema: operation.inputSchema,
                outputSchema: responseSchema(body: operation.responseSchema), annotations: operation.annotations),
            run: { session, input, context in try await run(operation, session: session, input: input, context: context) })
    }

    /// The output of every operation: status, headers and body.
    static func responseSchema(body: JSONValue?) -> JSONValue {
        var bodySchema = body?.objectValue ?? [:]
        bodySchema["description"] = .string("Parsed JSON, text, or base64 as bodyEncoding says.")
        return Schema.object(
            [
                "status": Schema.integer(title: "HTTP status"),
                "headers": Schema.map(of: Schema.string(), title: "Response headers", description: "Lowercase names; repeated headers joined with ', '."),
                "body": .object(bodySchema),
                "bodyEncoding": Schema.string(title: "Body encoding", enum: ["json", "text", "base64"]),
            ], required: ["status", "headers", "body", "bodyEncoding"])
    }
}

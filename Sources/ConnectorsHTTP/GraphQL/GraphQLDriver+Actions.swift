import PlugboardCore

extension GraphQLDriver {
    static let queryAction = ConnectorAction<GraphQLSession>(
        ActionDescriptor(
            name: "query", title: "Run a query",
            description: """
                Runs one GraphQL query (read-only) with variables and returns its data. When the document holds several \
                operations, operationName picks the one to run. Mutations and subscriptions are refused: run mutations with \
                'mutate'. An answer with errors[] fails: errors the service raised before running (unknown field, wrong \
                variable) as invalid_input, errors from fields as upstream_error; both carry details {data, errors} with \
                any partial data. Read the schema first with 'introspect'.
                """,
            inputSchema: operationInputSchema(example: "query User($id: ID!) { user(id: $id) { id name } }"), outputSchema: outputSchema,
            annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true)),
        run: { session, input, context in
            let operation = try GraphQLOperationInput(input)
            try operation.require(.query)
            return try await session.run(operation.payload, context: context)
        })

    static let mutateAction = ConnectorAction<GraphQLSession>(
        ActionDescriptor(
            name: "mutate", title: "Run a mutation",
            description: """
                Runs one GraphQL mutation, which may create, change or delete data, with variables, and returns its data. \
                When the document holds several operations, operationName picks the one to run; queries are refused (run \
                them with 'query'). Failures are as for 'query': errors[] fails with details {data, errors}. A mutation is \
                sent once and never retried.
                """,
            inputSchema: operationInputSchema(example: "mutation Rename($id: ID!, $name: String!) { rename(id: $id, name: $name) { id name } }"),
            outputSchema: outputSchema, annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: false)),
        run: { session, input, context in
            let operation = try GraphQLOperationInput(input)
            try operation.require(.mutation)
            return try await session.run(operation.payload, context: context)
        })

    static let introspectAction = ConnectorAction<GraphQLSession>(
        ActionDescriptor(
            name: "introspect", title: "Read the schema",
            description: """
                Returns the service's schema as introspection reports it, condensed: queries and mutations with their \
                arguments, then every type (kind, description, fields with their arguments, input fields, enum values). \
                Types are written as in GraphQL SDL, such as [User!]!. Read once per session; set refresh to read it again.
                """,
            inputSchema: Schema.object(
                ["refresh": Schema.boolean(title: "Refresh", description: "Introspect again instead of using the schema read earlier.", default: false)]),
            outputSchema: schemaOutputSchema, annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true)),
        run: { session, input, context in
            if input["refresh"]?.boolValue != true, let cached = session.schemaCache.value { return cached }
            let schema = try await GraphQLIntrospection.discover(session, context: context)
            session.schemaCache.store(schema)
            return schema
        })

    static func operationInputSchema(example: String) -> JSONValue {
        Schema.object(
            [
                "query": Schema.string(title: "Document", description: "The GraphQL document, such as \(example).", minLength: 1),
                "variables": Schema.map(of: Schema.any(), title: "Variables", description: "Values for the operation's variables, by name without $."),
                "operationName": Schema.string(title: "Operation name", description: "The operation to run when the document holds several."),
            ], required: ["query"])
    }

    static let outputSchema = Schema.object(
        [
            "data": Schema.any(title: "Data", description: "The operation's result, shaped like its selection set."),
            "extensions": Schema.any(title: "Extensions", description: "The service's extensions member, when it sends one."),
        ], required: ["data"])

    static let schemaOutputSchema: JSONValue = {
        let argument = Schema.object(
            ["name": Schema.string(), "type": Schema.string(), "defaultValue": Schema.string(), "description": Schema.string()],
            required: ["name", "type"])
        let field = Schema.object(
            [
                "name": Schema.string(), "type": Schema.string(description: "As in SDL, such as [User!]!."), "description": Schema.string(),
                "arguments": Schema.array(argument), "deprecated": Schema.string(description: "Why it is deprecated."),
            ], required: ["name", "type"])
        let type = Schema.object(
            [
                "kind": Schema.string(enum: ["OBJECT", "INTERFACE", "UNION", "ENUM", "INPUT_OBJECT", "SCALAR"]), "name": Schema.string(),
                "description": Schema.string(), "fields": Schema.array(field), "inputFields": Schema.array(argument),
                "enumValues": Schema.array(Schema.object(["name": Schema.string(), "description": Schema.string(), "deprecated": Schema.string()])),
                "interfaces": Schema.array(Schema.string()), "possibleTypes": Schema.array(Schema.string()),
            ], required: ["kind", "name"])
        return Schema.object(
            [
                "queryType": ["type": ["string", "null"]], "mutationType": ["type": ["string", "null"]],
                "queries": Schema.array(field, title: "Queries"), "mutations": Schema.array(field, title: "Mutations"),
                "types": Schema.array(type, title: "Types", description: "Every type but the root types, built-in scalars and introspection types."),
            ], required: ["queryType", "mutationType", "queries", "mutations", "types"])
    }()
}

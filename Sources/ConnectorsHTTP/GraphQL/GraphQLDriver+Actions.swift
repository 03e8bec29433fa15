import PlugboardCore

extension GraphQLDriver {
    static let queryAction = ConnectorAction<GraphQLSession>(
        name: "query", title: "Run a query",
            description: """
                Runs one GraphQL query (read-only) with variables and returns its data. When the document holds several \
                operations, operationName picks the one to run. Mutations and subscriptions are refused: run mutations with \
                'mutate'. An answer with errors[] fails: errors the service raised before running (unknown field, wrong \
                variable) as invalid_input, errors from fields as upstream_error; both carry details {data, errors} with \
                any partial data. Read the schema first with 'introspect'.
                """,
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: GraphQLOperationInput<GraphQLQueryKind>.self, outputSchema: outputSchema
    ) { session, input, context in
        try await session.run(input.payload, context: context)
    }

    static let mutateAction = ConnectorAction<GraphQLSession>(
        name: "mutate", title: "Run a mutation",
            description: """
                Runs one GraphQL mutation, which may create, change or delete data, with variables, and returns its data. \
                When the document holds several operations, operationName picks the one to run; queries are refused (run \
                them with 'query'). Failures are as for 'query': errors[] fails with details {data, errors}. A mutation is \
                sent once and never retried.
                """,
        annotations: ActionAnnotations(readOnly: false, destructive: true, idempotent: false), input: GraphQLOperationInput<GraphQLMutationKind>.self, outputSchema: outputSchema
    ) { session, input, context in
        try await session.run(input.payload, context: context)
    }

    static let introspectAction = ConnectorAction<GraphQLSession>(
        name: "introspect", title: "Read the schema",
            description: """
                Returns the service's schema as introspection reports it, condensed: queries and mutations with their \
                arguments, then every type (kind, description, fields with their arguments, input fields, enum values). \
                Types are written as in GraphQL SDL, such as [User!]!. Read once per session; set refresh to read it again.
                """,
        annotations: ActionAnnotations(readOnly: true, destructive: false, idempotent: true), input: GraphQLIntrospectInput.self, outputSchema: schemaOutputSchema
    ) { session, input, context in
        if !input.refresh, let cached = session.schemaCache.value { return cached }
        let schema = try await GraphQLIntrospection.discover(session, context: context)
        session.schemaCache.store(schema)
        return schema
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

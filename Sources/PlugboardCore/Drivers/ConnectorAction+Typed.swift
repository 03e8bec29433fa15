extension ConnectorAction {
    /// An action whose input and output are field sets: the schemas come from their declarations, the input arrives
    /// decoded (defaults applied, the set's own checks run) and the output leaves encoded. The runtime has already
    /// validated the input against the same schema.
    public init<Input: FieldSet, Output: FieldSet>(
        name: String, title: String, description: String, annotations: ActionAnnotations, input: Input.Type, output: Output.Type,
        run: @escaping @Sendable (Session, Input, CallContext) async throws -> Output
    ) {
        self.init(
            ActionDescriptor(
                name: name, title: title, description: description, inputSchema: Input.fields.schema,
                outputSchema: Output.fields.schema, annotations: annotations)
        ) { session, input, context in
            Output.fields.encode(try await run(session, try Input.fields.decode(input), context))
        }
    }

    /// An action with a typed input whose output is any JSON its schema describes (a service's own answer, rows).
    public init<Input: FieldSet>(
        name: String, title: String, description: String, annotations: ActionAnnotations, input: Input.Type, outputSchema: JSONValue,
        run: @escaping @Sendable (Session, Input, CallContext) async throws -> JSONValue
    ) {
        self.init(
            ActionDescriptor(
                name: name, title: title, description: description, inputSchema: Input.fields.schema,
                outputSchema: outputSchema, annotations: annotations)
        ) { session, input, context in
            try await run(session, try Input.fields.decode(input), context)
        }
    }
}

import PlugboardCore

/// Which kind of operation an action runs, and how its input describes the document.
protocol GraphQLOperationKind: Sendable {
    /// The operation type the action runs; others are refused with the action to use instead.
    static var type: GraphQLDocument.OperationType { get }
    /// A document of that type, shown in the input's description.
    static var example: String { get }
}

/// `query` runs queries.
enum GraphQLQueryKind: GraphQLOperationKind {
    static let type = GraphQLDocument.OperationType.query
    static let example = "query User($id: ID!) { user(id: $id) { id name } }"
}

/// `mutate` runs mutations.
enum GraphQLMutationKind: GraphQLOperationKind {
    static let type = GraphQLDocument.OperationType.mutation
    static let example = "mutation Rename($id: ID!, $name: String!) { rename(id: $id, name: $name) { id name } }"
}

/// The `query` and `mutate` actions' input: the document, its variables and the operation to run.
struct GraphQLOperationInput<Kind: GraphQLOperationKind>: FieldSet {
    /// The document's text.
    var query = ""
    /// Values for the operation's variables, by name without `$`.
    var variables: FieldMap<JSONValue>?
    /// The operation to run when the document has several.
    var operationName: String?

    static var fields: FieldList<Self> {
        FieldList {
            Field("query", \.query, title: "Document", description: "The GraphQL document, such as \(Kind.example).", minLength: 1, required: true)
            Field("variables", \.variables, title: "Variables", description: "Values for the operation's variables, by name without $.")
            Field("operationName", \.operationName, title: "Operation name", description: "The operation to run when the document holds several.")
        }
    }

    /// Refuses a blank document, an empty operation name, and an operation of another kind (naming the action to use).
    func validate() throws(ConnectorError) {
        guard query.contains(where: { !$0.isWhitespace }) else {
            throw .invalidInput("The 'query' is required: the GraphQL document to run, such as query { viewer { id } }.", field: "query")
        }
        if operationName?.isEmpty == true {
            throw .invalidInput("The operationName must be the name of an operation in the document.", field: "operationName")
        }
        let operation = try GraphQLDocument(query).operation(named: operationName)
        guard operation.type != Kind.type else { return }
        let subject = operation.name.map { "The operation '\($0)'" } ?? "The operation"
        switch operation.type {
        case .subscription:
            throw .invalidInput(
                "\(subject) is a subscription; subscriptions need a long-lived connection, which this connector does not keep. Run a query or a mutation.",
                field: "query")
        case .mutation:
            throw .invalidInput("\(subject) is a mutation, which changes data; run it with the 'mutate' action.", field: "query")
        case .query:
            throw .invalidInput("\(subject) is a query, which only reads; run it with the 'query' action.", field: "query")
        }
    }

    /// The request body GraphQL over HTTP defines: `{query, variables?, operationName?}`.
    var payload: JSONValue {
        var body: JSONObject = ["query": .string(query)]
        if let variables { body["variables"] = variables.fieldJSON }
        if let operationName { body["operationName"] = .string(operationName) }
        return .object(body)
    }
}

/// The `introspect` action's input.
struct GraphQLIntrospectInput: FieldSet {
    /// Introspect again instead of using the schema read earlier in the session.
    var refresh = false

    static let fields = FieldList<Self> {
        Field("refresh", \.refresh, title: "Refresh", description: "Introspect again instead of using the schema read earlier.")
    }
}

import PlugboardCore

/// The `query` and `mutate` actions' input, decoded and checked; each fault names its field.
struct GraphQLOperationInput {
    /// The document's text.
    var query: String
    /// Values for the operation's variables.
    var variables: JSONObject?
    /// The operation to run when the document has several.
    var operationName: String?
    /// The operation that will run, found in the document.
    var operation: GraphQLDocument.Operation

    init(_ input: JSONValue) throws(ConnectorError) {
        guard let object = input.objectValue else { throw .invalidInput("The input must be an object with a 'query'.") }
        guard let query = object["query"]?.stringValue, query.contains(where: { !$0.isWhitespace }) else {
            throw .invalidInput("The 'query' is required: the GraphQL document to run, such as query { viewer { id } }.", field: "query")
        }
        self.query = query
        switch object["variables"] {
        case nil, .null?: variables = nil
        case .object(let values)?: variables = values
        default: throw .invalidInput("The variables must be an object of variable names to values.", field: "variables")
        }
        switch object["operationName"] {
        case nil, .null?: operationName = nil
        case .string(let name)? where !name.isEmpty: operationName = name
        default: throw .invalidInput("The operationName must be the name of an operation in the document.", field: "operationName")
        }
        operation = try GraphQLDocument(query).operation(named: operationName)
    }

    /// The request body GraphQL over HTTP defines: `{query, variables?, operationName?}`.
    var payload: JSONValue {
        var body: JSONObject = ["query": .string(query)]
        if let variables { body["variables"] = .object(variables) }
        if let operationName { body["operationName"] = .string(operationName) }
        return .object(body)
    }

    /// Throws `invalid_input` unless the selected operation is of `type`, naming the action that runs it.
    func require(_ type: GraphQLDocument.OperationType) throws(ConnectorError) {
        guard operation.type != type else { return }
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
}

import PlugboardCore

/// The `query` action's input: one statement and the values of its `@name` parameters.
struct PostgreSQLQueryInput: FieldSet {
    var sql = ""
    var variables: FieldMap<JSONValue> = [:]
    /// Overrides the connector's row limit for this query.
    var maxRows: Int?

    static let fields = FieldList<Self> {
        Field("sql", \.sql, title: "SQL", description: "One statement, such as SELECT * FROM orders WHERE id = @id.", minLength: 1, required: true)
        Field("variables", \.variables, title: "Variables", description: "Values for the @name parameters.")
        Field("maxRows", \.maxRows, title: "Maximum rows", description: "Overrides the connector's limit for this query.", minimum: 1)
    }
}

/// A table, in the connector's schema unless another is named; spliced into the row actions' inputs.
struct PostgreSQLTableName: FieldSet {
    var table = ""
    var schema: String?

    static let fields = FieldList<Self> {
        Field("table", \.table, title: "Table", minLength: 1, required: true)
        Field("schema", \.schema, title: "Schema", description: "Defaults to the connector's schema.")
    }
}

/// The `insert` action's input.
struct PostgreSQLInsertInput: FieldSet {
    var target = PostgreSQLTableName()
    var values: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        FieldGroup(\.target)
        Field("values", \.values, title: "Values", description: "Column names to values, bound as parameters.", required: true)
    }
}

/// The `update` action's input.
struct PostgreSQLUpdateInput: FieldSet {
    var target = PostgreSQLTableName()
    var values: FieldMap<JSONValue> = [:]
    var match: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        FieldGroup(\.target)
        Field("values", \.values, title: "Values", description: "Column names to values, bound as parameters.", required: true)
        Field("match", \.match, title: "Match", description: PostgreSQLDeleteInput.matchDescription, required: true)
    }
}

/// The `delete` action's input.
struct PostgreSQLDeleteInput: FieldSet {
    static let matchDescription = "Column names to values the rows must have (null matches IS NULL); at least one."

    var target = PostgreSQLTableName()
    var match: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        FieldGroup(\.target)
        Field("match", \.match, title: "Match", description: matchDescription, required: true)
    }
}

/// One statement of a transaction.
struct PostgreSQLStatement: FieldSet {
    var sql = ""
    var variables: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        Field("sql", \.sql, title: "SQL", minLength: 1, required: true)
        Field("variables", \.variables, title: "Variables")
    }
}

/// The `transaction` action's input.
struct PostgreSQLTransactionInput: FieldSet {
    var statements: [PostgreSQLStatement] = []

    static let fields = FieldList<Self> {
        Field("statements", \.statements, title: "Statements", maxItems: 1000, required: true)
    }

    func validate() throws(ConnectorError) {
        guard !statements.isEmpty else { throw .invalidInput("statements needs at least one statement.", field: "statements") }
    }
}

/// The `describe` action's input.
struct PostgreSQLDescribeInput: FieldSet {
    var schemas: [String]?

    static let fields = FieldList<Self> {
        Field("schemas", \.schemas, title: "Schemas", description: "Defaults to the connector's schema.")
    }
}

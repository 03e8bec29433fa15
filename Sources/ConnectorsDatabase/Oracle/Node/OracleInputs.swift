import PlugboardCore

/// The `query` action's input: one statement and the values of its `:name` placeholders.
struct OracleQueryInput: FieldSet {
    var sql = ""
    var variables: FieldMap<JSONValue> = [:]
    /// Overrides the connector's row limit for this query.
    var maxRows: Int?

    static let fields = FieldList<Self> {
        Field("sql", \.sql, title: "SQL", description: "One statement, such as SELECT * FROM orders WHERE id = :id.", minLength: 1, required: true)
        Field(
            "variables", \.variables, title: "Variables",
            description: "Values for the :name placeholders; {\"type\": \"DATE\", \"value\": \"2024-03-05\"} binds a DATE (also NUMBER, BINARY_DOUBLE, NVARCHAR2, TIMESTAMP, TIMESTAMPTZ, RAW).")
        Field("maxRows", \.maxRows, title: "Maximum rows", description: "Overrides the connector's limit for this query.", minimum: 1)
    }
}

/// A table, in the user's own schema unless an owner is named.
struct OracleTableName: FieldSet {
    var table = ""
    var owner: String?

    static let fields = FieldList<Self> {
        Field("table", \.table, title: "Table", description: "As stored: unquoted names are upper case (ORDERS).", minLength: 1, required: true)
        Field("owner", \.owner, title: "Owner", description: "The schema; defaults to the user's own.")
    }
}

/// The `insert` action's input.
struct OracleInsertInput: FieldSet {
    var target = OracleTableName()
    var values: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        FieldGroup(\.target)
        Field("values", \.values, title: "Values", description: "Column names to values, bound as parameters.", required: true)
    }
}

/// The `update` action's input.
struct OracleUpdateInput: FieldSet {
    var target = OracleTableName()
    var values: FieldMap<JSONValue> = [:]
    var match: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        FieldGroup(\.target)
        Field("values", \.values, title: "Values", description: "Column names to values, bound as parameters.", required: true)
        Field("match", \.match, title: "Match", description: OracleDeleteInput.matchDescription, required: true)
    }
}

/// The `delete` action's input.
struct OracleDeleteInput: FieldSet {
    static let matchDescription = "Column names to values the rows must have (null matches IS NULL); at least one."

    var target = OracleTableName()
    var match: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        FieldGroup(\.target)
        Field("match", \.match, title: "Match", description: matchDescription, required: true)
    }
}

/// One statement of a transaction.
struct OracleStatementInput: FieldSet {
    var sql = ""
    var variables: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        Field("sql", \.sql, title: "SQL", minLength: 1, required: true)
        Field("variables", \.variables, title: "Variables")
    }
}

/// The `transaction` action's input.
struct OracleTransactionInput: FieldSet {
    var statements: [OracleStatementInput] = []

    static let fields = FieldList<Self> {
        Field("statements", \.statements, title: "Statements", maxItems: 1000, required: true)
    }

    func validate() throws(ConnectorError) {
        guard !statements.isEmpty else { throw .invalidInput("statements needs at least one statement.", field: "statements") }
    }
}

/// The `describe` action's input.
struct OracleDescribeInput: FieldSet {
    var owners: [String]?

    static let fields = FieldList<Self> {
        Field("owners", \.owners, title: "Owners", description: "Schemas to describe; defaults to the user's own.")
    }
}

import PlugboardCore

/// The `call` action's input: an operation by operationId or action name, and its input.
struct OpenAPICallInput: FieldSet {
    var operationID = ""
    var input: FieldMap<JSONValue> = [:]

    static let fields = FieldList<Self> {
        Field("operationId", \.operationID, title: "Operation", description: "The operationId or action name.", minLength: 1, required: true)
        Field("input", \.input, title: "Input", description: "The operation's input object.")
    }
}

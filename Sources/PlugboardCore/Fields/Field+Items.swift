extension Field {
    /// An array field with inclusive limits on its length, such as at most 1000 statements in one transaction.
    public init<Value: ListFieldValue>(
        _ name: String, _ keyPath: WritableKeyPath<Root, Value> & Sendable, title: String? = nil, description: String? = nil,
        minItems: Int? = nil, maxItems: Int? = nil, required: Bool = false, secret: Bool = false
    ) {
        var constraints = JSONObject()
        if let minItems { constraints["minItems"] = .integer(Int64(minItems)) }
        if let maxItems { constraints["maxItems"] = .integer(Int64(maxItems)) }
        self.init(
            name, keyPath, title: title, description: description, constraints: constraints, required: required, secret: secret)
    }
}

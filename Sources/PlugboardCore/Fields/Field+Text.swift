extension Field {
    /// A string field; `format` (`uri`, `date-time`), `enum`, `minLength` and `maxLength` are checked on decoding too.
    public init<Value: TextFieldValue>(
        _ name: String, _ keyPath: WritableKeyPath<Root, Value> & Sendable, title: String? = nil, description: String? = nil,
        format: String? = nil, enum options: [String]? = nil, minLength: Int? = nil, maxLength: Int? = nil,
        required: Bool = false, secret: Bool = false
    ) {
        var constraints = JSONObject()
        if let options { constraints["enum"] = .array(options.map { .string($0) }) }
        if let format { constraints["format"] = .string(format) }
        if let minLength { constraints["minLength"] = .integer(Int64(minLength)) }
        if let maxLength { constraints["maxLength"] = .integer(Int64(maxLength)) }
        self.init(
            name, keyPath, title: title, description: description, constraints: constraints, required: required, secret: secret)
    }
}

extension Field {
    /// A numeric field with inclusive bounds, written in the value's own type (`Int`, `Double`, `Duration`).
    public init<Value: BoundedFieldValue>(
        _ name: String, _ keyPath: WritableKeyPath<Root, Value> & Sendable, title: String? = nil, description: String? = nil,
        minimum: Value.Bound? = nil, maximum: Value.Bound? = nil, required: Bool = false, secret: Bool = false
    ) {
        var constraints = JSONObject()
        if let minimum { constraints["minimum"] = minimum.fieldJSON }
        if let maximum { constraints["maximum"] = maximum.fieldJSON }
        self.init(
            name, keyPath, title: title, description: description, constraints: constraints, required: required, secret: secret)
    }
}

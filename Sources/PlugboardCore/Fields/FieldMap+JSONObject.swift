extension FieldMap where Value == JSONValue {
    /// The map as a JSON object, in order: a map of any JSON (variables, arguments, column values) as drivers pass it on.
    public var object: JSONObject { JSONObject(pairs) }
}

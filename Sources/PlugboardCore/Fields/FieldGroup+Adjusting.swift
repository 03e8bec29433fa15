extension FieldGroup {
    /// The same fields with `name`'s description replaced, for a node that words a shared field its own way.
    public func describing(_ name: String, as description: String) -> FieldGroup {
        adjusting(name, "description", to: .string(description))
    }

    /// The same fields with `name`'s minimum replaced, for a node that needs a larger floor; the decoder checks it.
    public func minimum(_ name: String, _ minimum: Int) -> FieldGroup {
        adjusting(name, "minimum", to: .integer(Int64(minimum)))
    }

    private func adjusting(_ name: String, _ keyword: String, to value: JSONValue) -> FieldGroup {
        precondition(fields.contains { $0.name == name }, "no field '\(name)' to adjust")
        return FieldGroup(fields: fields.map { $0.name == name ? $0.adjusting(keyword, to: value) : $0 }, checks: checks)
    }
}

extension FieldList {
    /// Decodes an object: starts from `Root()`, sets each present, non-null member, then runs `validate()`.
    ///
    /// Unknown names, missing required members and values of the wrong type, out of bounds or not in the `enum` throw
    /// `code` naming the field's dotted path, even though the runtime has already checked the value against `schema`.
    public func decode(_ value: JSONValue, code: ConnectorError.Code = .invalidInput) throws(ConnectorError) -> Root {
        try decode(value, at: FieldPath(code: code))
    }

    /// Decodes an object found at `path`; faults inside it, `validate()`'s included, are named under `path`.
    public func decode(_ value: JSONValue, at path: FieldPath) throws(ConnectorError) -> Root {
        guard let object = value.objectValue else { throw path.typeMismatch(expected: "object", found: value) }
        // An unknown name is reported first: it is most often a misspelling of a member that is then also missing.
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw path.member(unknown).fault("is not a known field")
        }
        var root = Root()
        for field in fields {
            let member = path.member(field.name)
            guard let json = object[field.name], json != .null else {
                if field.isRequired { throw member.fault("is required") }
                continue
            }
            try field.decode(json, into: &root, at: member)
        }
        do {
            for check in checks { try check(root) }
            try root.validate()
        } catch {
            throw path.locating(error)
        }
        return root
    }

    /// The object for `root`, members in form order; nil optionals are left out. Action outputs are written with it.
    public func encode(_ root: Root) -> JSONValue {
        var object = JSONObject()
        for field in fields {
            let json = field.encode(root)
            if json != .null { object[field.name] = json }
        }
        return .object(object)
    }
}

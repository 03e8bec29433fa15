/// Typed reads of an object's members for request bodies and stored documents, refusing wrong types with an
/// `invalid_input` error that names the field. `within` prefixes the field's name when the object sits inside
/// another (`steps[1]`), so the error points at `steps[1].action`.
extension JSONObject {
    /// A string member; nil when absent or null.
    public func string(_ name: String, required: Bool = false, within: String? = nil) throws(ConnectorError) -> String? {
        switch self[name] {
        case .string(let value)?: return value
        case nil, .null?:
            if required { throw .invalidInput("The field '\(Self.path(name, within))' is required.", field: Self.path(name, within)) }
            return nil
        case let other?: throw Self.wrongType(name, within, expected: "a string", found: other)
        }
    }

    /// An object member; nil when absent or null.
    public func object(_ name: String, within: String? = nil) throws(ConnectorError) -> JSONObject? {
        switch self[name] {
        case .object(let value)?: return value
        case nil, .null?: return nil
        case let other?: throw Self.wrongType(name, within, expected: "an object", found: other)
        }
    }

    /// A number member; nil when absent or null.
    public func number(_ name: String, within: String? = nil) throws(ConnectorError) -> Double? {
        switch self[name] {
        case nil, .null?: return nil
        case let value?:
            guard let number = value.doubleValue else { throw Self.wrongType(name, within, expected: "a number", found: value) }
            return number
        }
    }

    /// A whole-number member; nil when absent or null.
    public func integer(_ name: String, within: String? = nil) throws(ConnectorError) -> Int? {
        switch self[name] {
        case nil, .null?: return nil
        case let value?:
            guard let number = value.integerValue, let integer = Int(exactly: number) else {
                throw Self.wrongType(name, within, expected: "a whole number", found: value)
            }
            return integer
        }
    }

    /// A boolean member; nil when absent or null.
    public func bool(_ name: String, within: String? = nil) throws(ConnectorError) -> Bool? {
        switch self[name] {
        case .bool(let flag)?: return flag
        case nil, .null?: return nil
        case let other?: throw Self.wrongType(name, within, expected: "true or false", found: other)
        }
    }

    /// Refuses members that are not in `known`, naming the first unknown one.
    public func onlyKeys(_ known: Set<String>, within: String? = nil) throws(ConnectorError) {
        if let unknown = keys.first(where: { !known.contains($0) }) {
            throw .invalidInput(
                "The field '\(Self.path(unknown, within))' is not known here. Known fields: \(known.sorted().joined(separator: ", ")).",
                field: Self.path(unknown, within))
        }
    }

    private static func path(_ name: String, _ within: String?) -> String {
        within.map { "\($0).\(name)" } ?? name
    }

    private static func wrongType(_ name: String, _ within: String?, expected: String, found: JSONValue) -> ConnectorError {
        .invalidInput("The field '\(path(name, within))' must be \(expected), not \(found.typeName).", field: path(name, within))
    }
}

/// Where a value being decoded sits (`body.multipart.files[0].filename`), and the error code its faults are reported with.
///
/// Decoding passes it down so every fault names the field at fault, and connector options and action input fail with
/// their own codes (`invalid_configuration`, `invalid_input`) through the same decoders.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The code faults under this path are reported with.
    public let code: ConnectorError.Code
    /// The dotted path as `ConnectorError.field` spells it; empty at the root.
    public let field: String

    /// The root of a value whose faults are reported with `code`.
    public init(code: ConnectorError.Code = .invalidInput) {
        self.init(code: code, field: "")
    }

    private init(code: ConnectorError.Code, field: String) {
        self.code = code
        self.field = field
    }

    /// The dotted path, or "" at the root.
    public var description: String { field }

    /// The path of an object member: `headers` under the root, `body.text` under `body`.
    public func member(_ name: String) -> FieldPath {
        FieldPath(code: code, field: field.isEmpty ? name : "\(field).\(name)")
    }

    /// The path of an array element: `files[2]`.
    public func element(_ index: Int) -> FieldPath {
        FieldPath(code: code, field: "\(field)[\(index)]")
    }

    /// The error for a value here that is wrong; `problem` follows the path, as in "must be at least 1".
    public func fault(_ problem: String) -> ConnectorError {
        let subject = field.isEmpty ? (code == .invalidConfiguration ? "The options" : "The input") : field
        return ConnectorError(
            code, message: "\(subject) \(problem).", field: field.isEmpty ? nil : field,
            details: ["fields": [["field": .string(field), "message": .string(problem)]]])
    }

    /// The error for a value of another JSON type than `expected` ("string", "integer", "object").
    public func typeMismatch(expected: String, found: JSONValue) -> ConnectorError {
        fault("must be of type \(expected), not \(found.typeName)")
    }

    /// `error` with its field moved under this path, for faults a nested set's `validate()` names relative to itself.
    func locating(_ error: ConnectorError) -> ConnectorError {
        guard !field.isEmpty else { return error }
        var located = error
        switch error.field {
        case nil, ""?: located.field = field
        case let inner? where inner.hasPrefix("["): located.field = field + inner
        case let inner?: located.field = "\(field).\(inner)"
        }
        return located
    }
}

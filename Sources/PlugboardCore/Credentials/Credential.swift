import Foundation

/// A decrypted credential, handed to a driver for one call and never stored or logged.
public struct Credential: Sendable {
    public var id: String
    public var kind: CredentialKind
    /// Every field, public and secret, as strings.
    public var fields: [String: String]

    public init(id: String, kind: CredentialKind, fields: [String: String]) {
        self.id = id
        self.kind = kind
        self.fields = fields
    }

    public subscript(field: String) -> String? { fields[field] }

    /// The values of the secret fields, for redaction.
    public var secretValues: [String] {
        fields.filter { kind.isSecret($0.key) && !$0.value.isEmpty }.map(\.value)
    }
}

extension Credential: CustomStringConvertible, CustomDebugStringConvertible {
    public var description: String { "Credential(\(id), \(kind))" }
    public var debugDescription: String { description }
}

import Foundation

/// A decrypted credential, handed to a driver for one call and never stored or logged.
public struct Credential: Sendable {
    /// The stored credential's id.
    public var id: String
    /// Which fields the credential has and which are secret.
    public var kind: CredentialKind
    /// Every field, public and secret, as strings.
    public var fields: [String: String]

    public init(id: String, kind: CredentialKind, fields: [String: String]) {
        self.id = id
        self.kind = kind
        self.fields = fields
    }

    /// A field's value, nil when the credential does not have it.
    public subscript(field: String) -> String? { fields[field] }

    /// The values of the secret fields, for redaction.
    public var secretValues: [String] {
        fields.filter { kind.isSecret($0.key) && !$0.value.isEmpty }.map(\.value)
    }
}

extension Credential: CustomStringConvertible, CustomDebugStringConvertible {
    /// The id and kind only, so printing a credential never shows a secret.
    public var description: String { "Credential(\(id), \(kind))" }
    /// Same as `description`: no field values, in debuggers either.
    public var debugDescription: String { description }
}

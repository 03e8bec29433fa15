import Foundation
import PlugboardCore

/// A stored credential: public fields in clear, secret fields sealed by `SecretBox`.
public struct CredentialRecord: Sendable, Hashable {
    public var id: String
    public var applicationID: String
    public var name: String
    public var kind: CredentialKind
    /// Fields that are not secret (a username, an OAuth2 token URL).
    public var publicFields: [String: String]
    /// Names of the secret fields that hold a value.
    public var secretFieldNames: [String]
    public var sealed: SealedSecret
    public var expiresAt: Date?
    /// Bumped on every change, so caches and pools notice.
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: String, applicationID: String, name: String, kind: CredentialKind, publicFields: [String: String],
        secretFieldNames: [String], sealed: SealedSecret, expiresAt: Date?, version: Int = 1,
        createdAt: Date = Date(), updatedAt: Date = Date()
    ) {
        self.id = id
        self.applicationID = applicationID
        self.name = name
        self.kind = kind
        self.publicFields = publicFields
        self.secretFieldNames = secretFieldNames
        self.sealed = sealed
        self.expiresAt = expiresAt
        self.version = version
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }
}

/// Secret fields sealed with AES-256-GCM under a data key, the data key wrapped by the master key `keyID`.
public struct SealedSecret: Sendable, Hashable {
    public var keyID: String
    public var wrappedKey: Data
    public var ciphertext: Data

    public init(keyID: String, wrappedKey: Data, ciphertext: Data) {
        self.keyID = keyID
        self.wrappedKey = wrappedKey
        self.ciphertext = ciphertext
    }
}

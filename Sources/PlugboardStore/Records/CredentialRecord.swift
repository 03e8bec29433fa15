import Foundation
import PlugboardCore

/// A stored credential: public fields in clear, secret fields sealed by `SecretBox`.
public struct CredentialRecord: Sendable, Hashable {
    /// `cred_` followed by 20 random characters.
    public var id: String
    /// The application the credential belongs to; only its connectors may use it.
    public var applicationID: String
    /// The credential's name, unique within its application.
    public var name: String
    /// Which fields the credential has and which are secret.
    public var kind: CredentialKind
    /// Fields that are not secret (a username, an OAuth2 token URL).
    public var publicFields: [String: String]
    /// Names of the secret fields that hold a value.
    public var secretFieldNames: [String]
    /// The secret fields' values, encrypted.
    public var sealed: SealedSecret
    /// When an OAuth2 access token expires, from the `expiresAt` field; nil when unknown or not OAuth2.
    public var expiresAt: Date?
    /// Bumped on every change, so caches and pools notice.
    public var version: Int
    /// When the credential was created.
    public var createdAt: Date
    /// When the credential last changed, a token refresh included.
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
    /// Id of the master key that wraps the data key.
    public var keyID: String
    /// The data key, encrypted by the master key.
    public var wrappedKey: Data
    /// The secret fields as JSON, encrypted by the data key.
    public var ciphertext: Data

    public init(keyID: String, wrappedKey: Data, ciphertext: Data) {
        self.keyID = keyID
        self.wrappedKey = wrappedKey
        self.ciphertext = ciphertext
    }
}

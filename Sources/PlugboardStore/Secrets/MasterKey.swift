import Crypto
import Foundation
import PlugboardCore

/// A 256-bit master key and its id. The id is derived from the key, so it names the key without revealing it.
public struct MasterKey: Sendable, CustomStringConvertible {
    /// `mk_` and 12 hex characters derived from the key, stored beside what it wraps.
    public let id: String
    /// Held as bytes because `SymmetricKey` is not `Sendable`; `key` rebuilds it per use.
    private let bytes: Data
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    /// A key from exactly 32 bytes; `invalid_configuration` otherwise.
    public init(bytes: Data) throws(ConnectorError) {
        guard bytes.count == 32 else {
            throw ConnectorError(
                .invalidConfiguration, message: "A master key must be 32 bytes (base64 of 32 random bytes); this one is \(bytes.count).",
                fix: "Generate one with: openssl rand -base64 32")
        }
        self.bytes = bytes
        let digest = SHA256.hash(data: Data("plugboard-master-key-id".utf8) + bytes)
        self.id = "mk_" + Hex.encode(digest.prefix(6))
    }

    /// Parses base64 text (surrounding whitespace ignored).
    public init(base64: String) throws(ConnectorError) {
        guard let bytes = Data(base64Encoded: base64.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ConnectorError(.invalidConfiguration, message: "The master key is not valid base64.", fix: "Generate one with: openssl rand -base64 32")
        }
        try self.init(bytes: bytes)
    }

    /// A new random key.
    public static func generate() -> MasterKey {
        try! MasterKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    var base64: String { bytes.base64EncodedString() }

    /// The key's id only, so printing a key never reveals it.
    public var description: String { "MasterKey(\(id))" }
}

/// The master keys Plugboard knows: the active one seals new secrets, older ones still open what they sealed.
public struct Keyring: Sendable {
    /// The keys, in the order their source lists them.
    public private(set) var keys: [MasterKey]
    /// The id of the key that seals new secrets.
    public private(set) var activeID: String

    /// A keyring of at least one key; `activeID` becomes active when the keyring holds it, else the first key.
    public init(keys: [MasterKey], activeID: String? = nil) {
        precondition(!keys.isEmpty, "a keyring needs at least one key")
        self.keys = keys
        self.activeID = activeID.flatMap { id in keys.contains { $0.id == id } ? id : nil } ?? keys[0].id
    }

    /// The key that seals new secrets.
    public var active: MasterKey { key(id: activeID) ?? keys[0] }

    /// The key with this id, or nil when this keyring does not hold it.
    public func key(id: String) -> MasterKey? { keys.first { $0.id == id } }
}

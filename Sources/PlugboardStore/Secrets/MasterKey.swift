import Crypto
import Foundation
import PlugboardCore

/// A 256-bit master key and its id. The id is derived from the key, so it names the key without revealing it.
public struct MasterKey: Sendable, CustomStringConvertible {
    public let id: String
    /// Held as bytes because `SymmetricKey` is not `Sendable`; `key` rebuilds it per use.
    private let bytes: Data
    var key: SymmetricKey { SymmetricKey(data: bytes) }

    public init(bytes: Data) throws(ConnectorError) {
        guard bytes.count == 32 else {
            throw ConnectorError(
                .invalidConfiguration, message: "A master key must be 32 bytes (base64 of 32 random bytes); this one is \(bytes.count).",
                fix: "Generate one with: openssl rand -base64 32")
        }
        self.bytes = bytes
        let digest = SHA256.hash(data: Data("plugboard-master-key-id".utf8) + bytes)
        self.id = "mk_" + digest.prefix(6).map { String(format: "%02x", $0) }.joined()
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

    public var description: String { "MasterKey(\(id))" }
}

/// The master keys Plugboard knows: the active one seals new secrets, older ones still open what they sealed.
public struct Keyring: Sendable {
    public private(set) var keys: [MasterKey]

    public init(keys: [MasterKey]) {
        precondition(!keys.isEmpty, "a keyring needs at least one key")
        self.keys = keys
    }

    public var active: MasterKey { keys[0] }

    public func key(id: String) -> MasterKey? { keys.first { $0.id == id } }
}

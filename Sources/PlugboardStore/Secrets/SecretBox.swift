import Crypto
import Foundation
import PlugboardCore
import Synchronization

/// Seals credential secrets with AES-256-GCM: a fresh data key per credential, wrapped by the active master key,
/// with the application and credential ids bound as associated data so a ciphertext cannot be moved to another row.
public final class SecretBox: Sendable {
    private let keyring: Mutex<Keyring>
    private let rotating = Mutex(false)

    /// A box sealing with the keyring's active key and opening with any of its keys.
    public init(keyring: Keyring) {
        self.keyring = Mutex(keyring)
    }

    /// Id of the master key that seals new secrets.
    public var activeKeyID: String { keyring.withLock { $0.active.id } }
    /// Ids of every master key this box can open with, the active one first.
    public var keyIDs: [String] { keyring.withLock { $0.keys.map(\.id) } }

    /// Replaces the keys (key rotation); the first is the new active key.
    func replaceKeyring(_ new: Keyring) {
        keyring.withLock { $0 = new }
    }

    var currentKeyring: Keyring { keyring.withLock { $0 } }

    /// Claims the right to rotate; false while another rotation runs.
    func beginRotation() -> Bool {
        rotating.withLock { busy in
            if busy { return false }
            busy = true
            return true
        }
    }

    func endRotation() {
        rotating.withLock { $0 = false }
    }

    /// Seals secret fields under a fresh data key, bound to this application and credential.
    public func seal(_ fields: [String: String], applicationID: String, credentialID: String) throws -> SealedSecret {
        let master = keyring.withLock { $0.active }
        let dataKey = SymmetricKey(size: .bits256)
        let plaintext = JSONValue.object(JSONObject(fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })).jsonBytes()
        let context = Self.associatedData(applicationID: applicationID, credentialID: credentialID)
        let ciphertext = try AES.GCM.seal(plaintext, using: dataKey, authenticating: context).combined!
        return SealedSecret(keyID: master.id, wrappedKey: try wrap(dataKey, with: master, context: context), ciphertext: ciphertext)
    }

    /// Opens sealed fields; throws `internal_error` when the key is missing or the ciphertext was altered or moved.
    public func open(_ sealed: SealedSecret, applicationID: String, credentialID: String) throws -> [String: String] {
        let context = Self.associatedData(applicationID: applicationID, credentialID: credentialID)
        let dataKey = try unwrap(sealed, context: context)
        do {
            let plaintext = try AES.GCM.open(AES.GCM.SealedBox(combined: sealed.ciphertext), using: dataKey, authenticating: context)
            let object = try JSONParser.parse(plaintext).objectValue ?? [:]
            return Dictionary(uniqueKeysWithValues: object.compactMap { key, value in value.stringValue.map { (key, $0) } })
        } catch {
            throw Self.undecryptable(credentialID)
        }
    }

    /// The same secret with its data key wrapped by the active master key.
    public func rewrap(_ sealed: SealedSecret, applicationID: String, credentialID: String) throws -> SealedSecret {
        let context = Self.associatedData(applicationID: applicationID, credentialID: credentialID)
        let dataKey = try unwrap(sealed, context: context)
        let master = keyring.withLock { $0.active }
        return SealedSecret(keyID: master.id, wrappedKey: try wrap(dataKey, with: master, context: context), ciphertext: sealed.ciphertext)
    }

    private func wrap(_ dataKey: SymmetricKey, with master: MasterKey, context: Data) throws -> Data {
        let bytes = dataKey.withUnsafeBytes { Data($0) }
        return try AES.GCM.seal(bytes, using: master.key, authenticating: Data(master.id.utf8) + context).combined!
    }

    private func unwrap(_ sealed: SealedSecret, context: Data) throws -> SymmetricKey {
        guard let master = keyring.withLock({ $0.key(id: sealed.keyID) }) else {
            throw ConnectorError(
                .internalError, message: "The credential is sealed with master key \(sealed.keyID), which this server does not have.",
                cause: "The master key was replaced without rotating.", fix: "Start Plugboard with the key that sealed the credential, then run 'plugboard keys rotate'.")
        }
        do {
            let box = try AES.GCM.SealedBox(combined: sealed.wrappedKey)
            return SymmetricKey(data: try AES.GCM.open(box, using: master.key, authenticating: Data(master.id.utf8) + context))
        } catch {
            throw Self.undecryptable(nil)
        }
    }

    static func associatedData(applicationID: String, credentialID: String) -> Data {
        Data("plugboard/credential/v1|\(applicationID)|\(credentialID)".utf8)
    }

    static func undecryptable(_ credentialID: String?) -> ConnectorError {
        ConnectorError(
            .internalError, message: "A credential\(credentialID.map { " (\($0))" } ?? "") could not be decrypted.",
            cause: "The stored ciphertext was altered or moved between rows.", fix: "Re-enter the credential's secret fields.")
    }
}

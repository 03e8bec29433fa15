import _CryptoExtras
import Crypto
import Foundation
import PlugboardCore

/// How an export archive's secrets are encrypted: a key derived from the operator's passphrase with scrypt
/// (N = 2^17, r = 8, p = 1: 128 MiB and about half a second per derivation, OWASP's recommended cost), then
/// AES-256-GCM per secret with the record's kind and id as associated data, so a sealed value cannot be moved.
struct ArchiveCipher {
    /// The key-derivation parameters, written in the archive so a later release can read older archives.
    struct Parameters: Sendable, Equatable {
        var rounds: Int
        var blockSize = 8
        var parallelism = 1
        var salt: [UInt8]

        var json: JSONValue {
            [
                "kdf": "scrypt", "n": .integer(Int64(rounds)), "r": .integer(Int64(blockSize)), "p": .integer(Int64(parallelism)),
                "salt": .string(Data(salt).base64EncodedString()), "cipher": "AES-256-GCM",
            ]
        }

        init(rounds: Int, salt: [UInt8]) {
            self.rounds = rounds
            self.salt = salt
        }

        /// Reads the parameters an archive names; only scrypt within sane bounds is accepted.
        init(_ json: JSONValue?) throws(ConnectorError) {
            guard let json, json["kdf"]?.stringValue == "scrypt", json["cipher"]?.stringValue == "AES-256-GCM",
                let n = json["n"]?.integerValue.map(Int.init), let r = json["r"]?.integerValue.map(Int.init),
                let p = json["p"]?.integerValue.map(Int.init),
                let salt = json["salt"]?.stringValue.flatMap({ Data(base64Encoded: $0) }), salt.count >= 16,
                n >= StoreArchive.minimumKeyDerivationRounds, n <= 1 << 20, n & (n - 1) == 0, (1...32).contains(r), (1...16).contains(p)
            else {
                throw .invalidInput("The archive's encryption header is missing or names parameters Plugboard does not accept.")
            }
            self.rounds = n
            self.blockSize = r
            self.parallelism = p
            self.salt = Array(salt)
        }
    }

    let parameters: Parameters
    private let key: SymmetricKey

    /// Passphrases shorter than this are refused.
    static let minimumPassphraseLength = 12

    /// Derives the key for a new archive from `passphrase`, with a fresh random salt and scrypt's `rounds` (N).
    init(passphrase: String, rounds: Int) throws(ConnectorError) {
        try self.init(passphrase: passphrase, parameters: Parameters(rounds: rounds, salt: (0..<16).map { _ in UInt8.random(in: 0...255) }))
    }

    /// Derives the key from `passphrase` with the parameters an archive names.
    init(passphrase: String, parameters: Parameters) throws(ConnectorError) {
        guard passphrase.count >= Self.minimumPassphraseLength else {
            throw .invalidInput("The passphrase must be at least \(Self.minimumPassphraseLength) characters.", field: "passphrase")
        }
        do {
            key = try KDF.Scrypt.deriveKey(
                from: Array(passphrase.utf8), salt: parameters.salt, outputByteCount: 32, rounds: parameters.rounds,
                blockSize: parameters.blockSize, parallelism: parameters.parallelism)
        } catch {
            throw ConnectorError(.internalError, message: "The key could not be derived from the passphrase.")
        }
        self.parameters = parameters
    }

    /// `fields` as JSON, encrypted and base64-encoded, bound to `context` (such as `credential:<id>`).
    func seal(_ fields: [String: String], context: String) throws(ConnectorError) -> String {
        let plaintext = JSONValue.object(JSONObject(fields.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })).jsonBytes()
        do {
            let box = try AES.GCM.seal(plaintext, using: key, authenticating: Array(context.utf8))
            guard let combined = box.combined else { throw ConnectorError.internal("AES-GCM gave no combined form.") }
            return combined.base64EncodedString()
        } catch {
            throw ConnectorError(.internalError, message: "A secret could not be encrypted for the archive.")
        }
    }

    /// The fields sealed under `context`; a wrong passphrase or a moved or altered value is refused.
    func open(_ sealed: String, context: String) throws(ConnectorError) -> [String: String] {
        guard let data = Data(base64Encoded: sealed),
            let box = try? AES.GCM.SealedBox(combined: data),
            let plaintext = try? AES.GCM.open(box, using: key, authenticating: Array(context.utf8)),
            let object = (try? JSONParser.parse(Array(plaintext)))?.objectValue
        else {
            throw ConnectorError(
                .invalidInput, message: "The archive's secrets do not open with this passphrase.",
                cause: "The passphrase differs from the one the archive was written with, or the archive was altered.",
                fix: "Give the passphrase used for 'plugboard export'.", field: "passphrase")
        }
        return Dictionary(uniqueKeysWithValues: object.compactMap { key, value in value.stringValue.map { (key, $0) } })
    }
}

import Foundation
#if canImport(Glibc)
import Glibc
#endif
import PlugboardCore

/// Where the master keys come from: `PLUGBOARD_MASTER_KEY` (comma-separated base64, active first) or the
/// 0600 key file in the data folder, created on first start and never silently replaced.
public enum MasterKeySource: Sendable, Equatable {
    case environment
    case file(path: String)

    /// The environment variable that, when set, supplies the keys instead of the key file.
    public static let environmentVariable = "PLUGBOARD_MASTER_KEY"
    /// The key file's name inside the data folder.
    public static let keyFileName = "master.key"

    /// Loads the keyring and checks it against the store's canary, creating key file and canary on a new data folder.
    public static func open(dataDirectory: String, environment: [String: String], store: any Store) async throws -> (SecretBox, MasterKeySource) {
        let canary = try await store.metadata(SecretBox.canaryMetadataKey)
        // The key the canary was sealed with is active: the one the last rotation chose, whatever order the keys are in.
        let canaryKeyID = canary.flatMap(SecretBox.keyID(ofCanary:))
        let source: MasterKeySource
        let keyring: Keyring
        if let text = environment[environmentVariable], !text.isEmpty {
            source = .environment
            keyring = Keyring(keys: try text.split(separator: ",").map { try MasterKey(base64: String($0)) }, activeID: canaryKeyID)
        } else {
            let path = (dataDirectory as NSString).appendingPathComponent(keyFileName)
            source = .file(path: path)
            if let keys = try KeyFile.read(path) {
                keyring = Keyring(keys: keys, activeID: canaryKeyID)
            } else if canary != nil {
                throw ConnectorError(
                    .invalidConfiguration, message: "The data folder holds encrypted credentials but its key file \(path) is missing.",
                    cause: "The key file was deleted or the data folder was copied without it.",
                    fix: "Restore \(keyFileName) into the data folder, or set PLUGBOARD_MASTER_KEY to the original key. Plugboard will not make a new key over existing data.")
            } else {
                keyring = Keyring(keys: [MasterKey.generate()])
                try KeyFile.write(keyring.keys, to: path)
            }
        }
        let box = SecretBox(keyring: keyring)
        if let canary {
            guard box.opensCanary(canary) else {
                throw ConnectorError(
                    .invalidConfiguration, message: "The master key does not match this data folder's encrypted data.",
                    cause: "PLUGBOARD_MASTER_KEY or \(keyFileName) holds a different key than the one that sealed the credentials.",
                    fix: "Start Plugboard with the original master key.")
            }
        } else {
            try await store.setMetadata(SecretBox.canaryMetadataKey, try box.makeCanary())
        }
        return (box, source)
    }

    /// Reads the keys again and makes the key the stored canary names active: how a replica follows another's
    /// rotation without a restart (a key file the replicas share may hold a new key; the environment's keys stay as
    /// they are). Returns what to log when the canary names a key this process does not have.
    public func reload(_ box: SecretBox, store: any MetadataStore) async throws -> String? {
        guard let canary = try await store.metadata(SecretBox.canaryMetadataKey), let keyID = SecretBox.keyID(ofCanary: canary) else {
            return nil
        }
        var keys = box.currentKeyring.keys
        if case .file(let path) = self, let fileKeys = try KeyFile.read(path) { keys = fileKeys }
        let keyring = Keyring(keys: keys, activeID: keyID)
        guard keyring.active.id == keyID else {
            return "The store's secrets are now sealed with master key \(keyID), which this process does not have: give every replica "
                + "the same PLUGBOARD_MASTER_KEY, or the same key file."
        }
        box.replaceKeyring(keyring)
        return nil
    }
}

/// The key file: one base64 key per line, the active key first; written atomically with mode 0600.
enum KeyFile {
    static func read(_ path: String) throws -> [MasterKey]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let keys = try text.split(whereSeparator: \.isNewline).filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { try MasterKey(base64: String($0)) }
        guard !keys.isEmpty else {
            throw ConnectorError(.invalidConfiguration, message: "The key file \(path) is empty.", fix: "Restore the key file from a backup.")
        }
        return keys
    }

    /// Writes through a 0600 temporary file created exclusively, fsyncs it, renames it over the key file and
    /// fsyncs the folder, so the key is never readable by others and survives a power loss once this returns.
    static func write(_ keys: [MasterKey], to path: String) throws {
        let temporary = path + ".tmp"
        let bytes = Array((keys.map(\.base64).joined(separator: "\n") + "\n").utf8)
        unlink(temporary)
        let file = Glibc.open(temporary, O_CREAT | O_EXCL | O_WRONLY, 0o600)
        guard file >= 0 else { throw failure(path, "create") }
        let written = bytes.withUnsafeBytes { Glibc.write(file, $0.baseAddress, $0.count) }
        let synced = fsync(file) == 0
        close(file)
        guard written == bytes.count, synced, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw failure(path, "write")
        }
        let folder = Glibc.open((path as NSString).deletingLastPathComponent, O_RDONLY)
        if folder >= 0 {
            fsync(folder)
            close(folder)
        }
    }

    private static func failure(_ path: String, _ step: String) -> ConnectorError {
        ConnectorError(
            .internalError, message: "The key file \(path) could not be written (\(step), errno \(errno)).",
            cause: "The data folder is not writable or the disk is full.", fix: "Check the data folder's permissions and free space.")
    }
}

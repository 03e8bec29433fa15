import Foundation
import PlugboardCore

/// Where the master keys come from: `PLUGBOARD_MASTER_KEY` (comma-separated base64, active first) or the
/// 0600 key file in the data folder, created on first start and never silently replaced.
public enum MasterKeySource: Sendable, Equatable {
    case environment
    case file(path: String)

    public static let environmentVariable = "PLUGBOARD_MASTER_KEY"
    public static let keyFileName = "master.key"

    /// Loads the keyring and checks it against the store's canary, creating key file and canary on a new data folder.
    public static func open(dataDirectory: String, environment: [String: String], store: any Store) async throws -> (SecretBox, MasterKeySource) {
        let canary = try await store.metadata(SecretBox.canaryMetadataKey)
        let source: MasterKeySource
        let keyring: Keyring
        if let text = environment[environmentVariable], !text.isEmpty {
            source = .environment
            keyring = Keyring(keys: try text.split(separator: ",").map { try MasterKey(base64: String($0)) })
        } else {
            let path = (dataDirectory as NSString).appendingPathComponent(keyFileName)
            source = .file(path: path)
            if let keys = try KeyFile.read(path) {
                keyring = Keyring(keys: keys)
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

    static func write(_ keys: [MasterKey], to path: String) throws {
        let temporary = path + ".tmp"
        let text = keys.map(\.base64).joined(separator: "\n") + "\n"
        FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600])
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        if rename(temporary, path) != 0 {
            throw ConnectorError(.internalError, message: "The key file \(path) could not be written (errno \(errno)).")
        }
    }
}

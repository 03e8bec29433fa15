import Foundation

/// Searches everything Plugboard emitted or stored for a secret's literal value.
enum SecretScan {
    /// Every place `secret` was found: transcript entries (CLI output, API answers), log files, data-folder files.
    static func findings(of secret: String, transcript: Transcript, logFiles: [URL], dataDirectory: URL) -> [String] {
        var found = transcript.entries(containing: secret).map { "output of \($0.source)" }
        let needle = Data(secret.utf8)
        for file in logFiles + files(in: dataDirectory) {
            guard let bytes = try? Data(contentsOf: file) else { continue }
            if bytes.range(of: needle) != nil { found.append("file \(file.path)") }
        }
        return found
    }

    /// Every regular file under `directory`, including SQLite's -wal and -shm files.
    static func files(in directory: URL) -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: [.isRegularFileKey])
        else { return [] }
        return enumerator.compactMap { $0 as? URL }.filter {
            (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true
        }
    }
}

import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The OpenSSH server scripts/test.sh starts (scripts/services/sftp.sh), its test user, and the system `sftp`
/// client to check files independently. A missing server is a failure, not a skip.
struct SFTPServer {
    let port: Int
    let fingerprint: String
    let user: String
    let password: String
    let ed25519Key: String
    let ecdsaKey: String
    let ed25519KeyPath: String

    static func fromEnvironment() throws -> SFTPServer {
        let environment = ProcessInfo.processInfo.environment
        let hint = Comment(rawValue: "PLUGBOARD_TEST_SFTP_* is not set: run the tests with scripts/test.sh, which starts OpenSSH.")
        let keyPath = try #require(environment["PLUGBOARD_TEST_SFTP_KEY_ED25519"], hint)
        return SFTPServer(
            port: try #require(environment["PLUGBOARD_TEST_SFTP_PORT"].flatMap(Int.init), hint),
            fingerprint: try #require(environment["PLUGBOARD_TEST_SFTP_FINGERPRINT"], hint),
            user: try #require(environment["PLUGBOARD_TEST_SFTP_USER"], hint), password: try #require(environment["PLUGBOARD_TEST_SFTP_PASSWORD"], hint),
            ed25519Key: try String(contentsOfFile: keyPath, encoding: .utf8),
            ecdsaKey: try String(contentsOfFile: try #require(environment["PLUGBOARD_TEST_SFTP_KEY_ECDSA"], hint), encoding: .utf8),
            ed25519KeyPath: keyPath)
    }

    /// The test user's home, the connector's root when none is set.
    var home: String { "/home/\(user)" }

    /// An application `files` with a password credential and an `sftp` connector `box`; `options` replace defaults.
    @discardableResult
    func connector(_ api: APIClient, credential: JSONObject? = nil, options: JSONObject = [:]) async throws -> APIClient.Reply {
        try await api.makeApplication("files")
        let fields = credential ?? ["username": .string(user), "password": .string(password)]
        let kind = fields["privateKey"] == nil ? "username_password" : "ssh_key"
        let id = try await api.makeCredential("files", name: "login", kind: kind, fields: fields)
        var settings: JSONObject = ["host": "127.0.0.1", "port": .integer(Int64(port)), "hostKeyFingerprint": .string(fingerprint)]
        for (key, value) in options { settings[key] = value }
        return try await api.makeConnector("files", type: "sftp", name: "box", options: settings, credential: id)
    }

    /// Runs the system `sftp` client in batch mode as the test user (Ed25519 key) and returns its output.
    @discardableResult
    func sftpClient(_ commands: [String]) async throws -> String {
        let arguments = [
            "-b", "-", "-i", ed25519KeyPath, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-P", String(port), "\(user)@127.0.0.1",
        ]
        let result = try await Subprocess.capture("/usr/bin/sftp", arguments, input: Data((commands.joined(separator: "\n") + "\n").utf8))
        let text = String(decoding: result.output, as: UTF8.self)
        guard result.status == 0 else { throw TestServerError("sftp \(commands) failed: \(text)\(result.errorText)") }
        return text
    }

    /// The bytes of a file under the home, fetched with the system client.
    func fetch(_ path: String) async throws -> Data {
        let local = NSTemporaryDirectory() + "sftp-fetch-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: local) }
        try await sftpClient(["get \"\(path)\" \"\(local)\""])
        return try Data(contentsOf: URL(fileURLWithPath: local))
    }
}

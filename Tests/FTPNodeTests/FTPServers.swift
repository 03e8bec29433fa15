import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// The FTP servers scripts/test.sh starts (scripts/services/ftp.sh) and Python's ftplib to check files
/// independently. A missing server is a failure, not a skip.
struct FTPServers {
    /// One server: how it is reached and secured.
    struct Server {
        var port: Int
        /// plain, explicit or implicit, as the connector's encryption and ftp_check.py's mode.
        var mode: String
    }

    let user: String
    let password: String
    let caFile: String
    /// The user's home on vsftpd.
    let home: String
    let explicit: Server
    let implicit: Server
    let plain: Server
    /// pyftpdlib's folder for the user.
    let plainHome: String
    let hostile: Server

    static func fromEnvironment() throws -> FTPServers {
        let environment = ProcessInfo.processInfo.environment
        let hint = Comment(rawValue: "PLUGBOARD_TEST_FTP* is not set: run the tests with scripts/test.sh, which starts vsftpd and pyftpdlib.")
        func port(_ name: String) throws -> Int { try #require(environment[name].flatMap(Int.init), hint) }
        return FTPServers(
            user: try #require(environment["PLUGBOARD_TEST_FTP_USER"], hint), password: try #require(environment["PLUGBOARD_TEST_FTP_PASSWORD"], hint),
            caFile: try #require(environment["PLUGBOARD_TEST_FTP_CA"], hint), home: try #require(environment["PLUGBOARD_TEST_FTP_HOME"], hint),
            explicit: Server(port: try port("PLUGBOARD_TEST_FTPS_EXPLICIT_PORT"), mode: "explicit"),
            implicit: Server(port: try port("PLUGBOARD_TEST_FTPS_IMPLICIT_PORT"), mode: "implicit"),
            plain: Server(port: try port("PLUGBOARD_TEST_FTP_PLAIN_PORT"), mode: "plain"),
            plainHome: try #require(environment["PLUGBOARD_TEST_FTP_PLAIN_HOME"], hint),
            hostile: Server(port: try port("PLUGBOARD_TEST_FTP_HOSTILE_PORT"), mode: "plain"))
    }

    var certificate: String { (try? String(contentsOfFile: caFile, encoding: .utf8)) ?? "" }

    /// An application `files` with a password credential and an `ftp` connector `box` on `server`; `options` replace
    /// the defaults.
    @discardableResult
    func connector(_ api: APIClient, _ server: Server, password: String? = nil, options: JSONObject = [:]) async throws -> APIClient.Reply {
        try await api.makeApplication("files")
        let id = try await api.makeCredential(
            "files", name: "login", kind: "username_password", fields: ["username": .string(user), "password": .string(password ?? self.password)])
        var settings: JSONObject = [
            "host": "127.0.0.1", "port": .integer(Int64(server.port)), "encryption": .string(server.mode == "plain" ? "none" : server.mode),
            "caCertificate": .string(server.mode == "plain" ? "" : certificate),
        ]
        for (key, value) in options { settings[key] = value }
        return try await api.makeConnector("files", type: "ftp", name: "box", options: settings, credential: id)
    }

    /// Runs Tests/FTPNodeTests/Python/ftp_check.py (Python's ftplib) against `server` and returns its output.
    @discardableResult
    func check(_ server: Server, _ command: String, _ path: String, input: Data = Data()) async throws -> Data {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Python/ftp_check.py").path
        let arguments = [script, server.mode, String(server.port), user, password, caFile, command, path]
        let result = try await Subprocess.capture("/usr/bin/python3", arguments, input: input)
        guard result.status == 0 else {
            throw TestServerError("ftplib \(command) \(path) failed: \(result.errorText.suffix(600))")
        }
        return result.output
    }

    /// A file's bytes as ftplib reads them.
    func fetch(_ server: Server, _ path: String) async throws -> Data { try await check(server, "get", path) }
}

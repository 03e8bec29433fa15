import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The aiosmtpd servers scripts/test.sh starts (Python/smtp_double.py), as its environment describes them. A
/// missing server is a failure, not a skip.
struct SMTPServers: Sendable {
    var starttlsPort: Int
    var tlsPort: Int
    var plainPort: Int
    var httpPort: Int
    var caPEM: String
    var user: String
    var password: String

    static func fromEnvironment() throws -> SMTPServers {
        let environment = ProcessInfo.processInfo.environment
        let hint = Comment(rawValue: "PLUGBOARD_TEST_SMTP_* is not set: run the tests with scripts/test.sh, which starts the SMTP servers.")
        func port(_ name: String) throws -> Int { try #require(environment["PLUGBOARD_TEST_SMTP_\(name)_PORT"].flatMap(Int.init), hint) }
        return SMTPServers(
            starttlsPort: try port("STARTTLS"), tlsPort: try port("TLS"), plainPort: try port("PLAIN"), httpPort: try port("HTTP"),
            caPEM: try String(contentsOfFile: try #require(environment["PLUGBOARD_TEST_SMTP_CA"], hint), encoding: .utf8),
            user: try #require(environment["PLUGBOARD_TEST_SMTP_USER"], hint), password: try #require(environment["PLUGBOARD_TEST_SMTP_PASSWORD"], hint))
    }

    /// Makes application `app` with an `smtp` connector `mail`: `encryption` picks the listener; the login is
    /// linked unless `password` is nil.
    func connector(
        _ api: APIClient, app: String, encryption: String, authentication: String = "auto", password: String?? = .none,
        _ extra: JSONObject = [:]
    ) async throws {
        try await api.makeApplication(app)
        let port = switch encryption {
        case "starttls": starttlsPort
        case "tls": tlsPort
        default: plainPort
        }
        var options: JSONObject = [
            "host": "127.0.0.1", "port": .integer(Int64(port)), "encryption": .string(encryption), "authentication": .string(authentication),
            "caCertificate": .string(caPEM), "defaultFrom": "Plugboard <robot@plugboard.test>", "timeout": 20,
        ]
        for (key, value) in extra { options[key] = value }
        var credential: String?
        let login: String? = switch password {
        case .none: encryption == "none" ? nil : self.password
        case .some(let given): given
        }
        if let login {
            credential = try await api.makeCredential(
                app, name: "mail-login", kind: "username_password", fields: ["username": .string(user), "password": .string(login)])
        }
        let reply = try await api.makeConnector(app, type: "smtp", name: "mail", options: options, credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    /// What the servers received for `address`: the parsed messages, and the plain listener's wire bytes.
    func received(by address: String) async throws -> (messages: [JSONValue], wire: [String]) {
        let (data, _) = try await URLSession.shared.data(from: URL(string: "http://127.0.0.1:\(httpPort)/messages?to=\(address)")!)
        let json = try JSONParser.parse(Array(data))
        let wire = (json["wire"]?.arrayValue ?? []).compactMap { $0.stringValue.flatMap { Data(base64Encoded: $0) } }
            .map { String(decoding: $0, as: UTF8.self) }
        return (json["messages"]?.arrayValue ?? [], wire)
    }
}

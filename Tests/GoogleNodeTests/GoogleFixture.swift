import Foundation
import PlugboardAPITestSupport
import PlugboardCore
import PlugboardTestSupport
import Testing

/// A user of the Google double with tokens issued for a client, and an application `mail` with a connector (`gmail`
/// named `inbox` unless said otherwise) whose OAuth2 credential holds them.
struct GoogleFixture {
    let google: GoogleDouble
    let clientID = "gmail-\(UUID().uuidString.prefix(8).lowercased())"
    let clientSecret = "client-secret-\(UUID().uuidString)"
    let email = "ada-\(UUID().uuidString.prefix(8).lowercased())@example.com"
    var access = ""
    var refresh = ""

    init(scope: String = "https://mail.google.com/") async throws {
        google = try GoogleDouble.fromEnvironment()
        try await google.registerClient(id: clientID, secret: clientSecret, redirectURIs: ["http://plugboard.test/oauth2/callback"])
        try await google.addUser(email, name: "Ada Lovelace")
        (access, refresh) = try await google.issueTokens(clientID: clientID, email: email, scope: scope)
    }

    /// Every secret the tests must never see in an answer or a log.
    var secrets: [String] { [clientSecret, access, refresh] }

    /// The application, the credential (with `accessToken` unless `fields` replace it) and the connector.
    func connector(
        _ api: APIClient, type: String = "gmail", name: String = "inbox", fields extra: JSONObject = [:], options: JSONObject = [:]
    ) async throws {
        try await api.makeApplication("mail")
        var fields: JSONObject = [
            "grantType": "authorization_code", "tokenUrl": .string(google.tokenURL), "clientId": .string(clientID),
            "clientSecret": .string(clientSecret), "accessToken": .string(access), "refreshToken": .string(refresh),
            "expiresAt": .string(ISO8601.string(from: Date().addingTimeInterval(3000))),
        ]
        for (key, value) in extra { fields[key] = value }
        let credential = try await api.makeCredential("mail", name: "ada-google", kind: "oauth2", fields: fields)
        var settings: JSONObject = ["baseUrl": .string(google.root), "retries": 0]
        for (key, value) in options { settings[key] = value }
        let reply = try await api.makeConnector("mail", type: type, name: name, options: settings, credential: credential)
        #expect(reply.status == .created, "\(reply.text)")
    }

    /// Runs `action` on the connector.
    func run(_ api: APIClient, _ action: String, _ input: JSONValue = [:], on connector: String = "inbox") async throws -> APIClient.Reply {
        try await api.run("mail", connector, action, input)
    }

    /// A message from Bob arriving in the mailbox.
    @discardableResult
    func deliver(subject: String, messageID: String, body: String = "Numbers attached.", labels: [String] = ["INBOX", "UNREAD"]) async throws -> JSONValue {
        let raw = """
            From: Bob Builder <bob@example.com>\r
            To: Ada Lovelace <\(email)>\r
            Cc: Carol <carol@example.com>\r
            Subject: \(subject)\r
            Message-ID: \(messageID)\r
            Date: Thu, 03 Dec 2026 10:00:00 +0000\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            \(body)\r

            """
        return try await google.deliver(to: email, raw: raw, labelIDs: labels)
    }
}

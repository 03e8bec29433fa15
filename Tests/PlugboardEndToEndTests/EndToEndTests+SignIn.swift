import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension EndToEndTests {
    /// `plugboard credentials connect` through the real binary, against the Google double scripts/test.sh starts: it
    /// prints the consent URL, waits, and says who signed in once the browser's sign-in comes back.
    @Test("CLI: credentials connect waits for the OAuth2 sign-in and says who signed in")
    func credentialsConnectThroughTheCLI() async throws {
        let google = try GoogleDouble.fromEnvironment()
        let clientID = "cli-\(UUID().uuidString.prefix(8).lowercased())"
        let clientSecret = "client-secret-\(UUID().uuidString)"
        let email = "erin-\(UUID().uuidString.prefix(6).lowercased())@example.com"
        try await google.addUser(email, name: "Erin CLI")
        try await ServerProcess.with(name: "sign-in") { server in
            try await google.registerClient(id: clientID, secret: clientSecret, redirectURIs: [server.baseURL + "/oauth2/callback"])
            let cli = server.cli()
            var result = try await cli.run(["applications", "create", "mail"])
            try #require(result.status == 0, "\(result)")
            result = try await cli.run(
                ["credentials", "create", "-a", "mail", "--name", "gmail-erin", "--kind", "oauth2", "--field", "grantType=authorization_code",
                 "--field", "authorizeUrl=\(google.authorizeURL)", "--field", "tokenUrl=\(google.tokenURL)", "--field", "clientId=\(clientID)",
                 "--field", "scope=openid email https://mail.google.com/", "--field-stdin", "clientSecret"], stdin: clientSecret + "\n")
            try #require(result.status == 0, "\(result)")

            // --no-wait --json: the consent URL and the redirect URI to register, for scripts.
            result = try await cli.run(["credentials", "connect", "-a", "mail", "gmail-erin", "--no-browser", "--no-wait", "--json"])
            #expect(result.status == 0, "\(result)")
            let started = try result.json()
            #expect(started["redirectUri"]?.stringValue == server.baseURL + "/oauth2/callback")
            #expect(started["authorizationUrl"]?.stringValue?.contains("code_challenge_method=S256") == true)

            // Waiting: the command returns once the sign-in made in the browser comes back.
            async let waiting = cli.run(["credentials", "connect", "-a", "mail", "gmail-erin", "--no-browser"], timeout: .seconds(120))
            // It has read the credential and started its own sign-in once the server logs a second start.
            #expect(await eventually { server.logText.components(separatedBy: "OAuth2 sign-in started").count > 2 })
            let location = try await google.consent(try #require(started["authorizationUrl"]?.stringValue), as: email)
            let page = try await google.fetch(location)
            #expect(page.status == 200 && page.text.contains(email), "\(page.text)")
            result = try await waiting
            #expect(result.status == 0, "\(result)")
            #expect(result.stdout.contains("Open this address to sign in") && result.stdout.contains(google.authorizeURL), "\(result)")
            #expect(result.stdout.contains("Signed in as \(email)."), "\(result)")

            result = try await cli.run(["credentials", "show", "-a", "mail", "gmail-erin"])
            #expect(result.stdout.contains("connectedAs=\(email)"), "\(result)")
            #expect(!result.stdout.contains(clientSecret))
        }
    }
}

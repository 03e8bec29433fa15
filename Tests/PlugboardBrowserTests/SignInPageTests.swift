import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension BrowserTests {
    /// OAuth2 sign-in in headless Chromium: Connect on the Credentials page opens the Google double's consent page
    /// in a pop-up, Allow sends it back to /oauth2/callback, which says who signed in, and the list shows it too.
    @Suite struct SignInPageTests {
        @Test func connectSignsACredentialInThroughTheProvidersConsentPage() async throws {
            let google = try GoogleDouble.fromEnvironment()
            try await BrowserFixture.run("sign-in") { fixture in
                let browser = fixture.browser
                let server = fixture.server
                let clientID = "browser-\(UUID().uuidString.prefix(8).lowercased())"
                let secret = "client-secret-\(UUID().uuidString)"
                let email = "dana-\(UUID().uuidString.prefix(6).lowercased())@example.com"
                try await google.registerClient(id: clientID, secret: secret, redirectURIs: [server.baseURL + "/oauth2/callback"])
                try await google.addUser(email, name: "Dana Browser")
                try await server.api(.POST, "/applications", ["name": "acme"])
                try await server.api(.POST, "/applications/acme/credentials", [
                    "name": "gmail-dana", "kind": "oauth2",
                    "fields": [
                        "grantType": "authorization_code", "authorizeUrl": .string(google.authorizeURL), "tokenUrl": .string(google.tokenURL),
                        "clientId": .string(clientID), "clientSecret": .string(secret), "scope": "openid email https://mail.google.com/",
                        "authorizeParameters": .string("access_type=offline&login_hint=\(email)"),
                    ],
                ])

                try await fixture.signIn(expectApplication: "acme")
                try await browser.click("#tab-credentials")
                let row = "#credentials-table tr[data-credential-name='gmail-dana']"
                try await browser.waitFor("document.querySelector(\"\(row) button[data-action=connect]\")", "the Connect button")
                let main = try await browser.currentWindow()
                try await browser.click("\(row) button[data-action=connect]")

                // The provider's consent page, in the pop-up.
                try await browser.switchToNewWindow(besides: main)
                try await browser.waitFor("document.querySelector('#allow')", "the consent page")
                #expect(try await browser.script("return document.querySelector('#account').value;").stringValue == email)
                try await browser.screenshot("s01-consent")
                try await browser.click("#allow")

                // Back at Plugboard: who signed in.
                try await browser.waitFor("document.querySelector('#sign-in-result')", "the sign-in result page")
                #expect(try await browser.script("return document.querySelector('#sign-in-result').dataset.outcome;").stringValue == "connected")
                #expect(try await browser.text("#signed-in-as") == email)
                try await browser.screenshot("s02-signed-in")
                let page = try await browser.pageSource()
                try await browser.closeWindow()
                try await browser.switchToWindow(main)

                // The list says so without a reload; the credential holds the tokens, sealed.
                try await browser.waitFor(
                    "document.querySelector(\"\(row) .col-fields\").textContent.includes(\(BrowserFixture.literal("connectedAs: " + email)))",
                    "the signed-in credential in the list")
                try await browser.screenshot("s03-credentials")
                let stored = try await server.api(.GET, "/applications/acme/credentials/gmail-dana")
                #expect(stored["secretFields"]?.arrayValue?.contains("refreshToken") == true)
                let listPage = try await browser.pageSource()
                #expect(!page.contains(secret) && !listPage.contains(secret))
                _ = try await fixture.expectCleanConsole()
            }
        }
    }
}

import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension BrowserTests {
    /// The Credentials page in headless Chromium: list with expiry, create, replace a secret, refused and allowed deletes.
    @Suite struct CredentialsPageTests {
        @Test func createEditAndDeleteCredentials() async throws {
            try await BrowserFixture.run("credentials") { fixture in
                let browser = fixture.browser
                let server = fixture.server
                let secrets = (1...4).map { "secret_\($0)_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))" }
                try await server.api(.POST, "/applications", ["name": "acme"])
                try await server.api(.POST, "/applications/acme/credentials", ["name": "used-key", "kind": "api_key", "fields": ["key": .string(secrets[0])]])
                try await server.api(.POST, "/applications/acme/credentials", [
                    "name": "crm-oauth", "kind": "oauth2",
                    "fields": [
                        "tokenUrl": "http://127.0.0.1:9/token", "clientId": "crm", "clientSecret": .string(secrets[1]),
                        "accessToken": "short-lived", "expiresAt": "2031-05-01T12:00:00Z",
                    ],
                ])
                try await server.api(.POST, "/applications/acme/connectors", [
                    "type": "plugboard.nodes.rest", "name": "crm-api", "options": ["baseUrl": "http://127.0.0.1:9"], "credentialId": "used-key",
                ])

                try await fixture.signIn(expectApplication: "acme")
                try await browser.click("#tab-credentials")
                try await browser.waitFor("document.querySelectorAll('#credentials-table tbody tr').length === 2", "the credentials list")
                #expect(try await browser.text(".breadcrumb")?.contains("Credentials") == true)
                let oauthRow = "#credentials-table tr[data-credential-name='crm-oauth']"
                #expect(try await browser.text("\(oauthRow) .col-expires")?.contains("2031") == true)
                #expect(try await browser.text("\(oauthRow) .col-fields")?.contains("clientSecret: set") == true)
                try await browser.screenshot("c01-credentials")

                // Create a username and password credential.
                try await browser.click("#create-credential")
                try await browser.type("dialog[open] input[type=text]", "billing-basic")
                try await browser.click("dialog[open] select option[value=username_password]")
                try await browser.type("dialog[open] input[name=username]", "svc-billing")
                try await browser.type("dialog[open] input[name=password]", secrets[2])
                try await browser.screenshot("c02-create-credential")
                try await browser.click("dialog[open] .dialog-footer button[type=submit]")
                let billingRow = "#credentials-table tr[data-credential-name='billing-basic']"
                try await browser.waitFor("document.querySelector(\"\(billingRow)\")", "the new credential row")
                #expect(try await browser.text("\(billingRow) .col-fields")?.contains("username: svc-billing") == true)
                #expect(try await browser.text("\(billingRow) .col-fields")?.contains("password: set") == true)

                // Edit: the secret shows as set, never filled in; typing replaces it.
                try await browser.click("\(billingRow) button[data-action=edit]")
                try await browser.waitFor("document.querySelector('dialog[open] input[name=password]')", "the edit dialog")
                #expect(try await browser.script("return document.querySelector('dialog[open] input[name=password]').value;") == "")
                #expect(try await browser.script("return document.querySelector('dialog[open] input[name=password]').dataset.secretSet;") == "true")
                #expect(try await browser.script("return document.querySelector('dialog[open] input[name=username]').value;") == "svc-billing")
                #expect(try await !browser.pageSource().contains(secrets[2]))
                try await browser.screenshot("c03-edit-credential")
                try await browser.type("dialog[open] input[name=password]", secrets[3])
                try await browser.click("dialog[open] .dialog-footer button[type=submit]")
                try await browser.waitFor("!document.querySelector('dialog[open]')", "the edit dialog to close")
                #expect(try await server.api(.GET, "/applications/acme/credentials/billing-basic")["version"] == 2)

                // Delete: refused while a connector uses it, naming the connector; allowed otherwise.
                try await browser.click("#credentials-table tr[data-credential-name='used-key'] button[data-action=delete]")
                try await browser.click("#confirm-delete")
                try await browser.waitFor("document.querySelector('dialog[open] .notice-error')", "the refusal")
                #expect(try await browser.text("dialog[open] .notice-error")?.contains("crm-api") == true)
                #expect(try await browser.text("dialog[open] .error-fix")?.isEmpty == false)
                try await browser.screenshot("c04-delete-refused")
                try await browser.click("dialog[open] .dialog-footer .btn-ghost")
                try await browser.waitFor("!document.querySelector('dialog[open]')", "the dialog to close")
                try await browser.click("#credentials-table tr[data-credential-name='billing-basic'] button[data-action=delete]")
                try await browser.click("#confirm-delete")
                try await browser.waitFor("!document.querySelector(\"\(billingRow)\")", "the deleted row to go")
                #expect(try await browser.script("return document.querySelectorAll('#credentials-table tbody tr').length;") == 2)
                try await browser.screenshot("c05-deleted")

                let source = try await browser.pageSource()
                let responses = try await fixture.recordedResponses()
                for secret in secrets {
                    #expect(!source.contains(secret))
                    #expect(!responses.contains { $0.contains(secret) })
                }
                let refusals = try await fixture.expectCleanConsole()
                #expect(refusals.count == 1 && refusals.allSatisfy { $0.contains("status of 409") }, "\(refusals)")
            }
        }

        @Test func aSigningKeyIsChosenFromAFile() async throws {
            let pki = try await TestPKI()
            defer { pki.remove() }
            try await BrowserFixture.run("signing-key") { fixture in
                let browser = fixture.browser
                try await fixture.server.api(.POST, "/applications", ["name": "gov"])
                try await fixture.signIn(expectApplication: "gov")
                try await browser.click("#tab-credentials")
                try await browser.click("#create-credential")
                try await browser.type("dialog[open] input[type=text]", "signer")
                try await browser.click("dialog[open] select option[value=signing_key]")
                try await browser.element("dialog[open] input.file-picker").sendKeys(pki.path("rsa.p12"))
                try await browser.waitFor("document.querySelector('dialog[open] textarea[name=pkcs12]').value.length > 1000", "the file read as base64")
                try await browser.type("dialog[open] input[name=password]", TestPKI.password)
                try await browser.screenshot("c06-signing-key")
                try await browser.click("dialog[open] .dialog-footer button[type=submit]")
                let row = "#credentials-table tr[data-credential-name='signer']"
                try await browser.waitFor("document.querySelector(\"\(row)\")", "the signing key's row")
                let fields = try await browser.text("\(row) .col-fields") ?? ""
                #expect(fields.contains("CN=Aigerim Test") && fields.contains("keyAlgorithm: RSA 2048") && fields.contains("pkcs12: set"), "\(fields)")
                try await browser.screenshot("c07-signing-key-saved")
                #expect(try await !browser.pageSource().contains(TestPKI.password))
                #expect(try await fixture.expectCleanConsole().isEmpty)
            }
        }
    }
}

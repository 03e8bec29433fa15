import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension BrowserTests {
    /// The Connectors page in headless Chromium: create, edit, test and delete connectors as a user would.
    @Suite struct ConnectorsPageTests {
        @Test func createEditTestAndDeleteConnectors() async throws {
            try await BrowserFixture.run("connectors") { fixture in
                let browser = fixture.browser
                let server = fixture.server
                let secret = "sk_browser_\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
                let upstreamURL = fixture.upstream.baseURL + "/json"
                try await server.api(.POST, "/applications", ["name": "acme"])
                try await server.api(.POST, "/applications/acme/connectors", [
                    "type": "plugboard.nodes.rest", "name": "broken-api", "description": "Points at a closed port",
                    "options": ["baseUrl": .string("http://127.0.0.1:\(ClosedPort.find())"), "retries": 0],
                ])
                try await server.api(.POST, "/applications/acme/connectors", [
                    "type": "plugboard.nodes.rest", "name": "legacy-api", "description": "No longer used",
                    "options": ["baseUrl": .string(upstreamURL)],
                ])

                try await fixture.signIn(expectApplication: "acme")
                try await browser.waitFor("document.querySelectorAll('#connectors-table tbody tr').length === 2", "the two connectors")
                let crumbs = try await browser.text(".breadcrumb")
                #expect(crumbs?.contains("acme") == true && crumbs?.contains("Integrations") == true && crumbs?.contains("Connectors") == true)
                #expect(try await browser.text("#tab-credentials") == "Credentials")
                try await browser.screenshot("01-signed-in")

                // Create: the type picker, then a bad base URL: the error appears beside the field and the dialog keeps the input.
                try await browser.click("#create-connector")
                try await browser.click("dialog[open] input[name=connector-type][value='plugboard.nodes.rest']")
                try await browser.waitFor("document.querySelector('dialog[open] [data-field=baseUrl] input')", "the REST fields")
                #expect(try await browser.text("dialog[open] .type-picker")?.contains("APIs and protocols") == true)
                try await browser.type("dialog[open] input[name=name]", "orders-api")
                try await browser.type("dialog[open] textarea[name=description]", "Orders service")
                try await browser.type("dialog[open] [data-field=baseUrl] input", "not a url")
                try await browser.click("dialog[open] [data-field=headers] button.btn")
                try await browser.type("dialog[open] .kv-row .kv-key", "Accept")
                try await browser.type("dialog[open] .kv-row .kv-value", "application/json")
                try await browser.screenshot("02-create-dialog")
                try await browser.click("dialog[open] .dialog-footer button[type=submit]")
                try await browser.waitFor(
                    "document.querySelector('dialog[open] [data-field=baseUrl] .field-error:not([hidden])')", "the base URL error")
                #expect(try await browser.text("dialog[open] [data-field=baseUrl] .field-error")?.contains("absolute http or https URL") == true)
                #expect(try await browser.script("return document.querySelector('dialog[open] input[name=name]').value;") == "orders-api")
                #expect(try await browser.script("return document.querySelector('dialog[open] .kv-row .kv-value').value;") == "application/json")
                try await browser.screenshot("03-field-error")

                // Create the credential from inside the dialog; its secret goes in a password field.
                try await browser.click("dialog[open] [data-field=credentialId] button")
                try await browser.waitFor("document.querySelectorAll('dialog[open]').length === 2", "the credential dialog")
                let top = "dialog[open]:last-of-type"
                try await browser.type("\(top) input[type=text]", "orders-key")
                try await browser.click("\(top) select option[value=api_key]")
                try await browser.type("\(top) input[name=key]", secret)
                try await browser.screenshot("04-new-credential")
                try await browser.click("\(top) .dialog-footer button[type=submit]")
                try await browser.waitFor("document.querySelectorAll('dialog[open]').length === 1", "the credential dialog to close")
                try await browser.waitFor(
                    "document.querySelector('dialog[open] [data-field=credentialId] select').selectedOptions[0]?.textContent.includes('orders-key')",
                    "the new credential to be chosen")

                // Fix the URL, test the unsaved details, then create.
                try await browser.type("dialog[open] [data-field=baseUrl] input", upstreamURL)
                try await browser.click("dialog[open] .dialog-footer .btn-secondary")
                try await browser.waitFor("document.querySelector('dialog[open] .test-result .notice-success')", "a successful draft test")
                #expect(try await browser.text("dialog[open] .test-result .test-latency")?.hasSuffix(" ms") == true)
                try await browser.screenshot("05-draft-test-ok")
                try await browser.click("dialog[open] .dialog-footer button[type=submit]")
                try await browser.waitFor("!document.querySelector('dialog[open]')", "the dialog to close")
                let row = "#connectors-table tr[data-connector-name='orders-api']"
                try await browser.waitFor("document.querySelector(\"\(row)\")", "the orders-api row")
                let cells = try await browser.script(
                    "return [...document.querySelector(arguments[0]).children].map((c) => c.innerText.trim());", [.string(row)]
                ).arrayValue ?? []
                try #require(cells.count == 5)
                #expect(cells[0].stringValue?.contains("orders-api") == true)
                #expect(cells[0].stringValue?.contains("orders-key") == true)
                #expect(cells[1].stringValue == "Orders service")
                #expect(cells[2].stringValue == "plugboard.nodes.rest")
                #expect(cells[3].stringValue?.isEmpty == false)
                try await browser.screenshot("06-created")

                // Edit: the same form filled in, the warning, Update, and the row changes.
                try await browser.click("\(row) button[data-action=edit]")
                try await browser.waitFor("document.querySelector('dialog[open] .edit-warning')", "the edit dialog")
                #expect(try await browser.text("dialog[open] .edit-warning")?.contains("may disrupt the agents and workflows") == true)
                #expect(try await browser.script("return document.querySelector('dialog[open] [data-field=baseUrl] input').value;").stringValue == upstreamURL)
                #expect(try await browser.script("return document.querySelector('dialog[open] .kv-row .kv-key').value;") == "Accept")
                try await browser.type("dialog[open] textarea[name=description]", "Orders service, version 2")
                try await browser.screenshot("07-edit-dialog")
                try await browser.click("dialog[open] .dialog-footer button[type=submit]")
                try await browser.waitFor("!document.querySelector('dialog[open]')", "the edit dialog to close")
                try await browser.waitFor(
                    "document.querySelector(\"\(row) .col-description\")?.innerText === 'Orders service, version 2'", "the updated row")
                try await browser.screenshot("08-updated")

                // Test from the row: latency on success; message, cause and fix on failure.
                try await browser.click("\(row) button[data-action=test]")
                try await browser.waitFor("document.querySelector('#row-test-result .notice-success')", "the row test result")
                let latency = try await browser.text("#row-test-result .test-latency") ?? ""
                #expect(latency.range(of: #"^\d+ ms$"#, options: .regularExpression) != nil, "\(latency)")
                try await browser.screenshot("09-row-test-ok")
                try await browser.click("#connectors-table tr[data-connector-name='broken-api'] button[data-action=test]")
                try await browser.waitFor("document.querySelector('#row-test-result .notice-error')", "the failed row test")
                #expect(try await browser.text("#row-test-result .error-message")?.contains("refused") == true)
                #expect(try await browser.text("#row-test-result .error-cause")?.hasPrefix("Cause:") == true)
                #expect(try await browser.text("#row-test-result .error-fix")?.hasPrefix("Fix:") == true)
                try await browser.screenshot("10-row-test-failed")

                // Delete with a dependent: listed, and the delete is refused; Escape closes the dialog.
                let orders = try await server.api(.GET, "/applications/acme/connectors/orders-api")
                try await server.insertDependent(connectorID: orders["id"]?.stringValue ?? "", kind: "workflow_node", name: "Nightly order sync")
                try await browser.click("\(row) button[data-action=delete]")
                try await browser.waitFor("document.querySelector('dialog[open] .dependents li')", "the dependents list")
                #expect(try await browser.text("dialog[open] .dependents")?.contains("Nightly order sync") == true)
                #expect(try await browser.text("dialog[open] .delete-body")?.contains("Remove these dependents first") == true)
                #expect(try await browser.script("return document.getElementById('confirm-delete').disabled;") == true)
                try await browser.screenshot("11-delete-refused")
                try await browser.press(Keys.escape)
                try await browser.waitFor("!document.querySelector('dialog[open]')", "Escape to close the dialog")
                #expect(try await server.api(.GET, "/applications/acme/connectors/orders-api")["name"] == "orders-api")

                // Delete a connector nothing uses.
                try await browser.click("#connectors-table tr[data-connector-name='legacy-api'] button[data-action=delete]")
                try await browser.waitFor("document.getElementById('confirm-delete') && !document.getElementById('confirm-delete').disabled", "the delete button")
                try await browser.screenshot("12-delete-confirm")
                try await browser.click("#confirm-delete")
                try await browser.waitFor("!document.querySelector(\"#connectors-table tr[data-connector-name='legacy-api']\")", "the row to go")
                #expect(try await browser.script("return document.querySelectorAll('#connectors-table tbody tr').length;") == 2)
                try await browser.screenshot("13-deleted")

                // Sort by name descending, then search.
                try await browser.click("#connectors-table button[data-sort=name]")
                try await browser.waitFor(
                    "document.querySelector('#connectors-table tbody tr')?.dataset.connectorName === 'orders-api'", "descending order")
                #expect(try await browser.script("return document.querySelector('#connectors-table th[aria-sort=descending]') !== null;") == true)
                try await browser.type("#connector-search", "brok")
                try await browser.waitFor(
                    "document.querySelectorAll('#connectors-table tbody tr').length === 1 && document.querySelector('#connectors-table tbody tr').dataset.connectorName === 'broken-api'",
                    "the search result")
                try await browser.screenshot("14-search")

                // The secret is in no HTML and no response the page received; the console is clean.
                #expect(try await !browser.pageSource().contains(secret))
                let responses = try await fixture.recordedResponses()
                #expect(responses.count > 10)
                #expect(!responses.contains { $0.contains(secret) })
                let refusals = try await fixture.expectCleanConsole()
                #expect(refusals.allSatisfy { $0.contains("/connectors") }, "\(refusals)")
            }
        }
    }
}

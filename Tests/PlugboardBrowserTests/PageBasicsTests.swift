import Foundation
import PlugboardCore
import Testing

extension BrowserTests {
    /// Sign-in, the empty state, keyboard use, a narrow screen and a table of 5,000 connectors.
    @Suite struct PageBasicsTests {
        @Test func signInEmptyStateKeyboardAndNarrowScreen() async throws {
            try await BrowserFixture.run("basics") { fixture in
                let browser = fixture.browser
                try await fixture.server.api(.POST, "/applications", ["name": "first-app"])
                try await browser.navigate(fixture.server.baseURL + "/")
                try await browser.waitFor("!document.getElementById('sign-in').hidden", "the sign-in form")
                try await browser.screenshot("b01-sign-in")
                try await browser.type("#token-input", "pb_not_a_valid_token_0000")
                try await browser.press(Keys.enter)
                try await browser.waitFor("!document.getElementById('token-error').hidden", "the refused token message")
                try await fixture.signIn(expectApplication: "first-app")

                // The token lives in this tab's sessionStorage only.
                #expect(try await browser.script("return localStorage.length;") == 0)
                #expect(try await browser.script("return sessionStorage.getItem('plugboard.token');").stringValue == PlugboardServer.adminToken)
                #expect(try await !browser.pageSource().contains(PlugboardServer.adminToken))

                try await browser.waitFor("document.querySelector('.empty-state h2')?.textContent === 'No connectors yet'", "the empty state")
                #expect(try await browser.text(".empty-state")?.contains("Create connector") == true)
                try await browser.screenshot("b02-empty-state")

                // Keyboard: Enter opens the dialog, Tab stays inside it, Escape closes it and focus returns.
                try await browser.script("document.getElementById('create-connector').focus();")
                try await browser.press(Keys.enter)
                try await browser.waitFor("document.querySelector('dialog[open]')", "the dialog")
                for _ in 0..<25 {
                    try await browser.press(Keys.tab)
                    #expect(try await browser.script("return document.querySelector('dialog[open]').contains(document.activeElement);") == true)
                }
                #expect(try await browser.script("return getComputedStyle(document.activeElement).boxShadow !== 'none' || getComputedStyle(document.activeElement).outlineStyle !== 'none';") == true)
                try await browser.screenshot("b03-keyboard-focus")
                try await browser.press(Keys.escape)
                try await browser.waitFor("!document.querySelector('dialog[open]')", "Escape to close the dialog")
                #expect(try await browser.script("return document.activeElement.id;") == "create-connector")

                // Every control in the page has an accessible name.
                let unlabelled = try await browser.script("""
                    return [...document.querySelectorAll('button, input, select, textarea')].filter((e) => !(e.labels && e.labels.length)
                      && !e.getAttribute('aria-label') && !e.textContent.trim()).map((e) => e.outerHTML.slice(0, 80));
                    """)
                #expect(unlabelled.arrayValue?.isEmpty == true, "\(unlabelled)")

                // A narrow screen: no sideways scrolling, the table becomes stacked rows.
                for index in 1...3 {
                    try await fixture.server.api(.POST, "/applications/first-app/connectors", [
                        "type": "plugboard.nodes.rest", "name": .string("service-\(index)"), "description": "A service with a longer description",
                        "options": ["baseUrl": "http://127.0.0.1:9"],
                    ])
                }
                try await browser.setWindowSize(width: 390, height: 844)
                try await browser.script("location.reload();")
                try await browser.waitFor("document.querySelectorAll('#connectors-table tbody tr').length === 3", "the rows after reload")
                #expect(try await browser.script("return document.documentElement.scrollWidth <= window.innerWidth;") == true)
                try await browser.screenshot("b04-narrow")
                try await browser.click("#connectors-table tr[data-connector-name='service-1'] button[data-action=edit]")
                try await browser.waitFor("document.querySelector('dialog[open] .edit-warning')", "the edit dialog")
                #expect(try await browser.script("return document.querySelector('dialog[open]').getBoundingClientRect().width <= window.innerWidth;") == true)
                try await browser.screenshot("b05-narrow-dialog")
                _ = try await fixture.expectCleanConsole()
            }
        }

        @Test func fiveThousandConnectorsSortSearchAndPage() async throws {
            try await BrowserFixture.run("scale") { fixture in
                let browser = fixture.browser
                let application = try await fixture.server.api(.POST, "/applications", ["name": "big"])
                let appID = application["id"]?.stringValue ?? ""
                try await fixture.server.sqlite("""
                    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
                    INSERT INTO connectors (id, application_id, name, description, type, options, credential_id, version, created_at, updated_at)
                    SELECT printf('conn_bulk%05d', i), '\(appID)', printf('bulk-%05d', i), 'Bulk connector ' || i, 'plugboard.nodes.rest',
                      '{"baseUrl":"http://127.0.0.1:9"}', NULL, 1, strftime('%Y-%m-%dT%H:%M:%fZ', 'now', printf('-%d seconds', 5000 - i)),
                      strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM n;
                    """)
                let started = ContinuousClock.now
                try await fixture.signIn(expectApplication: "big")
                try await browser.waitFor("document.querySelectorAll('#connectors-table tbody tr').length === 25", "the first page")
                let firstPage = ContinuousClock.now - started
                #expect(firstPage < .seconds(5), "first page took \(firstPage)")
                #expect(try await browser.text("#connectors-summary") == "1–25 of 5,000")

                try await timed("sorting by Created At, newest first", limit: .seconds(3)) {
                    try await browser.click("#connectors-table button[data-sort=createdAt]")
                    try await browser.click("#connectors-table button[data-sort=createdAt]")
                    try await browser.waitFor(
                        "document.querySelector('#connectors-table tbody tr')?.dataset.connectorName === 'bulk-05000'", "newest first")
                }
                try await timed("the next page", limit: .seconds(3)) {
                    try await browser.click(".pager button[aria-label='Next page']")
                    try await browser.waitFor("document.getElementById('connectors-summary').textContent === '26–50 of 5,000'", "page 2")
                }
                try await timed("searching", limit: .seconds(3)) {
                    try await browser.type("#connector-search", "bulk-0420")
                    try await browser.waitFor("document.getElementById('connectors-summary').textContent === '1–10 of 10'", "the search")
                }
                try await browser.screenshot("s01-five-thousand")
                _ = try await fixture.expectCleanConsole()
            }
        }

        private func timed(_ what: String, limit: Duration, _ body: () async throws -> Void) async throws {
            let started = ContinuousClock.now
            try await body()
            let elapsed = ContinuousClock.now - started
            #expect(elapsed < limit, "\(what) took \(elapsed)")
        }
    }
}

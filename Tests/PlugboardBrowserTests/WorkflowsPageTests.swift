import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

extension BrowserTests {
    /// The Workflows, Triggers and Executions pages in headless Chromium: create a workflow from its definition, run
    /// it and read its steps, the run history; create a webhook trigger and see its secret once, pause it, read its
    /// events; the execution log naming the run; a workflow a trigger uses is not deleted.
    @Suite struct WorkflowsPageTests {
        @Test func workflowsTriggersAndExecutions() async throws {
            try await withUpstreamServer { upstream in
                try await BrowserFixture.run("workflows") { fixture in
                    let browser = fixture.browser
                    let server = fixture.server
                    try await server.api(.POST, "/applications", ["name": "acme"])
                    try await server.api(.POST, "/applications/acme/connectors", [
                        "type": "plugboard.nodes.rest", "name": "upstream", "options": ["baseUrl": .string(upstream.baseURL)],
                    ])
                    try await fixture.signIn(expectApplication: "acme")

                    // Create a workflow from its definition.
                    try await browser.click("#tab-workflows")
                    try await browser.waitFor("document.querySelector('#create-workflow')", "the Workflows page")
                    #expect(try await browser.text(".breadcrumb")?.contains("Workflows") == true)
                    try await browser.click("#create-workflow")
                    let definition: JSONValue = [
                        "name": "relay", "description": "Reads the upstream, then posts a value from it.",
                        "steps": [
                            ["name": "fetch", "connector": "upstream", "action": "request", "input": ["method": "GET", "path": "/json"]],
                            ["name": "post", "connector": "upstream", "action": "request",
                             "input": ["method": "POST", "path": "/echo", "body": ["json": ["name": "{{ steps.fetch.output.body.name }}", "id": "{{ input.body.id }}"]]]],
                        ],
                    ]
                    try await browser.script(
                        "document.querySelector('#workflow-definition').value = arguments[0];", [.string(definition.jsonString())])
                    try await browser.screenshot("w01-new-workflow")
                    try await browser.click("#save-workflow")
                    let row = "#workflows-table tr[data-workflow-name='relay']"
                    try await browser.waitFor("document.querySelector(\"\(row)\")", "the new workflow row")
                    #expect(try await browser.text(row)?.contains("fetch") == true)

                    // Run it and read its steps.
                    try await browser.click("\(row) button[data-action=run]")
                    try await browser.script("document.querySelector('#run-input').value = '{\"body\": {\"id\": 42}}';")
                    try await browser.click("#start-run")
                    try await browser.waitFor("document.querySelector('#run-result .run-detail')", "the run's steps")
                    #expect(try await browser.text("#run-result .run-detail .status")?.contains("succeeded") == true)
                    #expect(try await browser.script("return document.querySelectorAll('#run-result .run-steps li').length;") == 2)
                    try await browser.screenshot("w02-run")
                    let posted = try #require(upstream.requests(to: "/echo").last)
                    #expect(try JSONParser.parse(posted.body)["id"] == 42)
                    try await browser.click("dialog[open] .dialog-footer .btn-ghost")
                    try await browser.waitFor("!document.querySelector('dialog[open]')", "the run dialog to close")

                    try await browser.click("\(row) button[data-action=history]")
                    try await browser.waitFor("document.querySelectorAll('#runs-table tbody tr').length === 1", "the run history")
                    try await browser.click("#runs-table button[data-action=open-run]")
                    try await browser.waitFor("document.querySelector('#run-history .run-detail')", "the run's detail")
                    try await browser.screenshot("w03-history")

                    // A webhook trigger: its secret is shown once.
                    try await browser.click("#tab-triggers")
                    try await browser.waitFor("document.querySelector('#create-trigger')", "the Triggers page")
                    try await browser.click("#create-trigger")
                    try await browser.type("#trigger-name", "orders")
                    try await browser.click("#trigger-workflow option[value=relay]")
                    try await browser.screenshot("t01-new-trigger")
                    try await browser.click("#save-trigger")
                    try await browser.waitFor("document.querySelector('#webhook-secret-value')", "the secret shown once")
                    let secret = try #require(try await browser.text("#webhook-secret-value"))
                    let url = try #require(try await browser.text("#webhook-url"))
                    #expect(secret.count >= 40 && url.contains("/hooks/tr_"))
                    try await browser.screenshot("t02-webhook-secret")
                    try await browser.click("dialog[open] .dialog-footer .btn-primary")
                    let triggerRow = "#triggers-table tr[data-trigger-name='orders']"
                    try await browser.waitFor("document.querySelector(\"\(triggerRow)\")", "the trigger row")

                    let hookPath = String(url[url.range(of: "/hooks/")!.lowerBound...])
                    let hook = try await HTTPJSON.send(
                        .POST, server.baseURL + hookPath, body: ["id": 7], headers: [("Plugboard-Webhook-Secret", secret)])
                    #expect(hook.status == 202, "\(hook.text)")
                    #expect(await eventually { upstream.requests(to: "/echo").contains { (try? JSONParser.parse($0.body))?["id"] == 7 } })
                    try await browser.click("#tab-workflows")
                    try await browser.click("#tab-triggers")
                    try await browser.waitFor("document.querySelector(\"\(triggerRow)\")", "the trigger row again")
                    try await browser.click("\(triggerRow) button[data-action=events]")
                    try await browser.waitFor("document.querySelectorAll('#events-table tbody tr').length === 1", "the trigger's event")
                    #expect(try await browser.text("#events-table")?.contains("delivered") == true)
                    try await browser.screenshot("t03-events")
                    try await browser.click("\(triggerRow) button[data-action=pause]")
                    try await browser.waitFor("document.querySelector(\"\(triggerRow) button[data-action=resume]\")", "the trigger paused")
                    #expect(try await browser.text(triggerRow)?.contains("paused") == true)

                    // The workflow the trigger uses is not deleted; the answer says why.
                    try await browser.click("#tab-workflows")
                    try await browser.waitFor("document.querySelector(\"\(row)\")", "the workflows again")
                    try await browser.click("\(row) button[data-action=delete]")
                    try await browser.click("#confirm-delete")
                    try await browser.waitFor("document.querySelector('dialog[open] .notice-error')", "the refusal")
                    #expect(try await browser.text("dialog[open] .notice-error")?.contains("orders") == true)
                    try await browser.click("dialog[open] .dialog-footer .btn-ghost")
                    try await browser.waitFor("!document.querySelector('dialog[open]')", "the dialog to close")

                    // The execution log names the runs.
                    try await browser.click("#tab-executions")
                    try await browser.waitFor("document.querySelectorAll('#executions-table tbody tr').length === 4", "four executions")
                    #expect(try await browser.text("#executions-table")?.contains("run_") == true)
                    try await browser.screenshot("e01-executions")

                    let source = try await browser.pageSource()
                    #expect(!source.contains(secret), "the secret is gone once its dialog closed")
                    let refusals = try await fixture.expectCleanConsole()
                    #expect(refusals.allSatisfy { $0.contains("status of 409") }, "\(refusals)")
                }
            }
        }
    }
}

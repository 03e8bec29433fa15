import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

/// Everything one browser test needs: Plugboard, an upstream API for REST connectors, chromedriver and a window.
struct BrowserFixture: Sendable {
    let server: PlugboardServer
    let upstream: UpstreamServer
    let browser: BrowserSession

    /// Starts everything, runs `body`, then stops it all whether `body` passed or not.
    static func run(
        _ name: String, width: Int = 1280, height: Int = 900, _ body: @Sendable (BrowserFixture) async throws -> Void
    ) async throws {
        let scratch = try Artifacts.scratch(name)
        let upstream = UpstreamServer()
        try await upstream.start()
        var server: PlugboardServer?
        var driver: ChromeDriver?
        var session: BrowserSession?
        do {
            server = try await PlugboardServer(scratch: scratch)
            driver = try await ChromeDriver(scratch: scratch)
            session = try await driver!.newSession(width: width, height: height)
            try await body(BrowserFixture(server: server!, upstream: upstream, browser: session!))
        } catch {
            if let session { try? await session.screenshot("failure-\(name)") }
            await session?.quit()
            await driver?.stop()
            await server?.stop()
            await upstream.stop()
            throw error
        }
        await session?.quit()
        await driver?.stop()
        await server?.stop()
        await upstream.stop()
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Opens the page, records every API response it receives from now on, and signs in with the admin token.
    func signIn(expectApplication application: String? = nil) async throws {
        try await browser.navigate(server.baseURL + "/")
        try await browser.waitFor("document.getElementById('token-input') && !document.getElementById('sign-in').hidden", "the sign-in form")
        try await recordResponses()
        try await browser.type("#token-input", PlugboardServer.adminToken)
        try await browser.click("#sign-in-form button[type=submit]")
        try await browser.waitFor("!document.getElementById('workspace').hidden", "the workspace after sign-in")
        if let application {
            try await browser.waitFor("document.getElementById('crumb-app').textContent === \(Self.literal(application))", "the application \(application)")
        }
    }

    /// Wraps `fetch` so the test can later check every response body the page received.
    func recordResponses() async throws {
        try await browser.script("""
            if (!window.__plugboardResponses) {
              window.__plugboardResponses = [];
              const original = window.fetch.bind(window);
              window.fetch = async (...args) => {
                const response = await original(...args);
                try { window.__plugboardResponses.push(await response.clone().text()); } catch (e) {}
                return response;
              };
            }
            """)
    }

    /// Every response body recorded since `recordResponses()`.
    func recordedResponses() async throws -> [String] {
        try await browser.script("return window.__plugboardResponses || [];").arrayValue?.compactMap(\.stringValue) ?? []
    }

    /// Checks the browser console: no errors or warnings, except the network lines Chromium writes for API
    /// requests the server refused on purpose in this test (a 4xx or 5xx reply is the API's answer, not a page error).
    func expectCleanConsole() async throws -> [String] {
        let entries = try await browser.browserLog()
        var refusals: [String] = []
        for entry in entries where entry.level == "SEVERE" || entry.level == "WARNING" {
            let isAPIRefusal = entry.message.contains("\(server.baseURL)/api/v1/")
                && entry.message.contains("Failed to load resource: the server responded with a status of")
            if isAPIRefusal {
                refusals.append(entry.message)
            } else {
                Issue.record("Console \(entry.level): \(entry.message)")
            }
        }
        return refusals
    }

    /// A JavaScript string literal of `text`.
    static func literal(_ text: String) -> String {
        JSONValue.string(text).jsonString()
    }
}

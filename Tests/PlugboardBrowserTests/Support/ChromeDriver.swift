import Foundation
import PlugboardCore
import PlugboardTestSupport

/// chromedriver on a loopback port, driving Debian's headless Chromium: the one scripts/test.sh started
/// (`PLUGBOARD_TEST_CHROMEDRIVER`), or else one started here for this test.
///
/// A missing browser or driver fails the test: scripts/test.sh installs `chromium` and `chromium-driver`.
final class ChromeDriver: Sendable {
    /// The process started here; nil when the test script's chromedriver is used.
    let process: Subprocess?
    let baseURL: String
    let chromium: String

    /// Connects to the test script's chromedriver or starts one, and waits until `/status` says it is ready.
    init(scratch: URL) async throws {
        let environment = ProcessInfo.processInfo.environment
        guard let browser = ProcessLauncher.locate(["chromium", "chromium-browser"], override: environment["CHROMIUM_BINARY"]) else {
            throw BrowserTestError("Chromium was not found; install Debian's chromium (scripts/test.sh does) or set CHROMIUM_BINARY.")
        }
        chromium = browser
        if let shared = environment["PLUGBOARD_TEST_CHROMEDRIVER"], !shared.isEmpty {
            baseURL = shared
            process = nil
        } else {
            guard let driver = ProcessLauncher.locate(["chromedriver"], override: environment["CHROMEDRIVER"]) else {
                throw BrowserTestError("chromedriver was not found; install Debian's chromium-driver (scripts/test.sh does) or set CHROMEDRIVER.")
            }
            let port = ChildProcessPort.find()
            baseURL = "http://127.0.0.1:\(port)"
            process = try ProcessLauncher.launch(
                driver, ["--port=\(port)", "--allowed-ips=127.0.0.1"], environment: environment,
                log: scratch.appendingPathComponent("chromedriver.log"))
        }
        let url = baseURL
        let ready = await ProcessLauncher.waitUntil(timeout: .seconds(20)) {
            let reply = try? await HTTPJSON.send(.GET, url + "/status", timeout: .seconds(2))
            return reply?.json["value"]?["ready"]?.boolValue == true
        }
        guard ready else {
            await stop()
            throw BrowserTestError("chromedriver did not become ready at \(baseURL); see \(scratch.path)/chromedriver.log")
        }
    }

    /// Opens a headless Chromium window of `width`×`height` that records every console message.
    func newSession(width: Int = 1280, height: Int = 900) async throws -> BrowserSession {
        let options: JSONValue = [
            "binary": .string(chromium),
            "args": [
                "--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run",
                "--disable-extensions", "--password-store=basic", .string("--window-size=\(width),\(height)"),
            ],
        ]
        let capabilities: JSONValue = [
            "capabilities": ["alwaysMatch": [
                "browserName": "chrome", "goog:chromeOptions": options, "goog:loggingPrefs": ["browser": "ALL"],
                "pageLoadStrategy": "normal",
            ]],
        ]
        let reply = try await HTTPJSON.send(.POST, baseURL + "/session", body: capabilities)
        guard reply.status == 200, let id = reply.json["value"]?["sessionId"]?.stringValue else {
            throw BrowserTestError("chromedriver did not open a session (HTTP \(reply.status)): \(reply.text.prefix(2000))")
        }
        return BrowserSession(endpoint: "\(baseURL)/session/\(id)")
    }

    /// Stops chromedriver if it was started here (and with it any browser it still runs).
    func stop() async {
        if let process { await ProcessLauncher.stop(process) }
    }
}

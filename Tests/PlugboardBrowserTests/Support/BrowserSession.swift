import Foundation
import NIOHTTP1
import PlugboardCore

/// One browser window driven over the W3C WebDriver HTTP protocol.
struct BrowserSession: Sendable {
    /// `http://127.0.0.1:<port>/session/<id>`.
    let endpoint: String
    static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    /// Sends a WebDriver command and returns its `value`, throwing WebDriver errors with their message.
    @discardableResult
    func command(_ method: HTTPMethodName, _ path: String, _ body: JSONValue? = nil) async throws -> JSONValue {
        // POST commands always carry a JSON object; GET and DELETE carry no body at all.
        // (Written out: with a ternary, `nil` would become the JSON literal null, since JSONValue is nil-expressible.)
        var payload: JSONValue?
        if method == .post { payload = body ?? .object([:]) }
        let reply = try await HTTPJSON.send(method.http, endpoint + path, body: payload)
        let value = reply.json["value"] ?? .null
        if reply.status >= 400 {
            let error = value["error"]?.stringValue ?? "HTTP \(reply.status)"
            throw BrowserTestError("WebDriver \(method) \(path): HTTP \(reply.status) \(error): \(value["message"]?.stringValue?.prefix(500) ?? "")")
        }
        return value
    }

    func navigate(_ url: String) async throws {
        try await command(.post, "/url", ["url": .string(url)])
    }

    /// The handle of the window commands go to now.
    func currentWindow() async throws -> String {
        try await command(.get, "/window").stringValue ?? ""
    }

    /// Waits for a window other than `known` (a pop-up the page opened) and sends commands to it.
    func switchToNewWindow(besides known: String, timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            let handles = try await command(.get, "/window/handles").arrayValue?.compactMap(\.stringValue) ?? []
            if let popup = handles.first(where: { $0 != known }) {
                return try await switchToWindow(popup)
            }
            if ContinuousClock.now >= deadline { throw BrowserTestError("No new window opened within \(timeout).") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Sends commands to window `handle`.
    func switchToWindow(_ handle: String) async throws {
        try await command(.post, "/window", ["handle": .string(handle)])
    }

    /// Closes the current window; switch to another before the next command.
    func closeWindow() async throws {
        try await command(.delete, "/window")
    }

    /// Runs `script` in the page (arguments as `arguments[i]`) and returns what it returns.
    @discardableResult
    func script(_ script: String, _ arguments: [JSONValue] = []) async throws -> JSONValue {
        try await command(.post, "/execute/sync", ["script": .string(script), "args": .array(arguments)])
    }

    /// The first element matching `css`, waiting up to `timeout` for it to appear.
    func element(_ css: String, timeout: Duration = .seconds(10)) async throws -> WebElement {
        let deadline = ContinuousClock.now + timeout
        while true {
            let reply = try await HTTPJSON.send(.POST, endpoint + "/element", body: ["using": "css selector", "value": .string(css)])
            if reply.status == 200, let id = reply.json["value"]?[Self.elementKey]?.stringValue {
                return WebElement(session: self, id: id)
            }
            if ContinuousClock.now >= deadline { throw BrowserTestError("No element matches \(css) after \(timeout).") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Clicks the element matching `css` the way a user would.
    func click(_ css: String) async throws {
        try await element(css).click()
    }

    /// Types `text` into the element matching `css`, after clearing it unless `clear` is false.
    func type(_ css: String, _ text: String, clear: Bool = true) async throws {
        let field = try await element(css)
        if clear { try await field.clear() }
        try await field.sendKeys(text)
    }

    /// Presses keys (WebDriver key codes such as `Keys.escape`) in the focused element.
    func press(_ keys: String) async throws {
        let actions: [JSONValue] = keys.unicodeScalars.flatMap { scalar -> [JSONValue] in
            [["type": "keyDown", "value": .string(String(scalar))], ["type": "keyUp", "value": .string(String(scalar))]]
        }
        try await command(.post, "/actions", ["actions": [["type": "key", "id": "keyboard", "actions": .array(actions)]]])
    }

    /// Waits until `condition` (a JavaScript expression) is truthy in the page.
    func waitFor(_ condition: String, _ what: String, timeout: Duration = .seconds(15)) async throws {
        let deadline = ContinuousClock.now + timeout
        while true {
            if try await script("return Boolean(\(condition));").boolValue == true { return }
            if ContinuousClock.now >= deadline {
                throw BrowserTestError("Timed out after \(timeout) waiting for \(what) (\(condition)).")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// The visible text of the first element matching `css`, or nil.
    func text(_ css: String) async throws -> String? {
        try await script("const e = document.querySelector(arguments[0]); return e ? e.innerText : null;", [.string(css)]).stringValue
    }

    /// The page's current HTML, as the browser serializes it.
    func pageSource() async throws -> String {
        try await command(.get, "/source").stringValue ?? ""
    }

    /// Saves a PNG of the window as `name` in test-artifacts/screenshots.
    func screenshot(_ name: String) async throws {
        guard let base64 = try await command(.get, "/screenshot").stringValue, let data = Data(base64Encoded: base64) else {
            throw BrowserTestError("The screenshot \(name) came back empty.")
        }
        try data.write(to: Artifacts.screenshots.appendingPathComponent(name + ".png"))
    }

    /// Console and network messages since the last call: [(level, source, message)].
    func browserLog() async throws -> [(level: String, message: String)] {
        let entries = try await command(.post, "/se/log", ["type": "browser"]).arrayValue ?? []
        return entries.map { ($0["level"]?.stringValue ?? "", $0["message"]?.stringValue ?? "") }
    }

    func setWindowSize(width: Int, height: Int) async throws {
        try await command(.post, "/window/rect", ["width": .integer(Int64(width)), "height": .integer(Int64(height))])
    }

    /// Closes the window and ends the session.
    func quit() async {
        _ = try? await command(.delete, "")
    }
}

/// The HTTP methods WebDriver uses.
enum HTTPMethodName: Sendable {
    case get, post, delete
    var http: HTTPMethod {
        switch self {
        case .get: .GET
        case .post: .POST
        case .delete: .DELETE
        }
    }
}

/// WebDriver's codes for special keys.
enum Keys {
    static let escape = "\u{E00C}"
    static let tab = "\u{E004}"
    static let enter = "\u{E007}"
    static let shift = "\u{E008}"
}

import PlugboardCore

/// An element found in a `BrowserSession`.
struct WebElement: Sendable {
    let session: BrowserSession
    let id: String

    func click() async throws {
        try await session.command(.post, "/element/\(id)/click")
    }

    func clear() async throws {
        try await session.command(.post, "/element/\(id)/clear")
    }

    /// Types `text` into the element as key presses.
    func sendKeys(_ text: String) async throws {
        try await session.command(.post, "/element/\(id)/value", ["text": .string(text)])
    }

    var text: String {
        get async throws { try await session.command(.get, "/element/\(id)/text").stringValue ?? "" }
    }
}

import MCP
import Testing

@testable import PlugboardServer

/// The checks every `/mcp` request passes: the answers MCP clients expect from the SDK's validators, with our origin rule.
@Suite struct MCPRequestChecksTests {
    static let session = "mcps_test"
    static let validPost: [String: String] = [
        "Host": "plugboard.internal:8080", "Accept": "application/json, text/event-stream",
        "Content-Type": "application/json", "MCP-Protocol-Version": "2025-06-18", "Mcp-Session-Id": session,
    ]

    /// The check's refusal status for a request, or nil when it passes.
    func status(
        _ method: String = "POST", _ headers: [String: String] = validPost, initialize: Bool = false, open: Bool = true
    ) -> Int? {
        let context = HTTPValidationContext(
            httpMethod: method, sessionID: open ? Self.session : nil, isInitializationRequest: initialize,
            supportedProtocolVersions: Version.supported)
        return MCPRequestChecks().validate(HTTPRequest(method: method, headers: headers), context: context)?.statusCode
    }

    func with(_ changes: [String: String?]) -> [String: String] {
        var headers = Self.validPost
        for (name, value) in changes { headers[name] = value }
        return headers
    }

    @Test func aWellFormedRequestPassesWhateverTheCaseOfItsHeaderNames() {
        #expect(status() == nil)
        let lowercased = Dictionary(uniqueKeysWithValues: Self.validPost.map { ($0.key.lowercased(), $0.value) })
        #expect(status("POST", lowercased) == nil)
        #expect(status("POST", with(["Content-Type": "application/json; charset=utf-8"])) == nil)
        #expect(status("POST", with(["Accept": " text/event-stream ,application/json"])) == nil)
    }

    @Test func anOriginMustNameTheHostTheRequestWasSentTo() {
        #expect(status("POST", with(["Origin": "https://plugboard.internal:8080"])) == nil)
        #expect(status("POST", with(["Origin": "https://PLUGBOARD.internal:8080"])) == nil)
        #expect(status("POST", with(["Origin": "https://evil.example"])) == 403)
        #expect(status("POST", with(["Origin": "https://plugboard.internal:8080", "Host": nil])) == 403)
    }

    @Test func postsMustAcceptBothAnswersAndSendJSON() {
        #expect(status("POST", with(["Accept": "application/json"])) == 406)
        #expect(status("POST", with(["Accept": nil])) == 406)
        #expect(status("POST", with(["Content-Type": "text/plain"])) == 415)
        #expect(status("POST", with(["Content-Type": nil])) == 415)
        #expect(status("GET", with(["Accept": "application/json", "Content-Type": nil])) == 406)
        #expect(status("GET", with(["Accept": "text/event-stream", "Content-Type": nil])) == nil)
    }

    @Test func theProtocolVersionMustBeOneWeSpeakExceptOnInitialize() {
        #expect(status("POST", with(["MCP-Protocol-Version": "1999-01-01"])) == 400)
        #expect(status("POST", with(["MCP-Protocol-Version": nil])) == nil)
        #expect(status("POST", with(["MCP-Protocol-Version": "1999-01-01", "Mcp-Session-Id": nil]), initialize: true, open: false) == nil)
    }

    @Test func laterRequestsMustNameTheirOpenSession() {
        #expect(status("POST", with(["Mcp-Session-Id": nil])) == 400)
        #expect(status("POST", with(["Mcp-Session-Id": "mcps_other"])) == 404)
        #expect(status("POST", open: false) == 400)
        #expect(status("DELETE", with(["Accept": nil, "Content-Type": nil])) == nil)
    }
}

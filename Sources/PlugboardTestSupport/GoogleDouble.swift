import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PlugboardCore

/// The Google double scripts/test.sh starts and proves with Google's own Python clients
/// (Tests/GoogleNodeTests/Python/google_double.py): the OAuth2 authorization server (consent page, token endpoint,
/// user info), the Gmail v1 API and Calendar v3. Tests make their own clients and users, so they share it safely.
/// A missing double is a failure, not a skip.
public struct GoogleDouble: Sendable {
    /// `http://127.0.0.1:PORT`.
    public let root: String

    public init(root: String) { self.root = root }

    /// The double `PLUGBOARD_TEST_GOOGLE_URL` names; throws, with how to start it, when it is not set.
    public static func fromEnvironment() throws -> GoogleDouble {
        guard let root = ProcessInfo.processInfo.environment["PLUGBOARD_TEST_GOOGLE_URL"], !root.isEmpty else {
            throw TestServerError("PLUGBOARD_TEST_GOOGLE_URL is not set: run the tests with scripts/test.sh, which starts the Google double.")
        }
        return GoogleDouble(root: root)
    }

    public var authorizeURL: String { root + "/o/oauth2/v2/auth" }
    public var tokenURL: String { root + "/token" }
    public var userinfoURL: String { root + "/oauth2/v3/userinfo" }

    /// Registers an OAuth2 client; without a secret it is a public client.
    public func registerClient(id: String, secret: String?, redirectURIs: [String]) async throws {
        var body: JSONObject = ["client_id": .string(id), "redirect_uris": .array(redirectURIs.map { .string($0) })]
        if let secret { body["client_secret"] = .string(secret) }
        _ = try await control("POST", "/_double/clients", .object(body))
    }

    /// Adds a mailbox user with Gmail's system labels; returns its first history id.
    @discardableResult
    public func addUser(_ email: String, name: String) async throws -> String {
        try await control("POST", "/_double/users", ["email": .string(email), "name": .string(name)])["historyId"]?.stringValue ?? ""
    }

    /// Tokens issued without the browser, for tests of what comes after sign-in.
    public func issueTokens(clientID: String, email: String, scope: String, expiresIn: Int = 3600) async throws -> (access: String, refresh: String) {
        let answer = try await control(
            "POST", "/_double/tokens",
            ["client_id": .string(clientID), "email": .string(email), "scope": .string(scope), "expires_in": .integer(Int64(expiresIn))])
        return (answer["access_token"]?.stringValue ?? "", answer["refresh_token"]?.stringValue ?? "")
    }

    /// An incoming message in the user's mailbox (recorded in its history as messagesAdded).
    @discardableResult
    public func deliver(to email: String, raw: String, labelIDs: [String] = ["INBOX", "UNREAD"]) async throws -> JSONValue {
        try await control(
            "POST", "/_double/users/\(email)/deliver",
            ["raw": .string(Base64URL.encode(Array(raw.utf8))), "labelIds": .array(labelIDs.map { .string($0) })])
    }

    /// The next `count` Gmail or Calendar requests whose path contains `path` fail with Google's error envelope.
    public func fault(email: String, path: String, status: Int, reason: String, message: String = "Injected by the test.", count: Int = 1, retryAfter: Int? = nil) async throws {
        var body: JSONObject = [
            "email": .string(email), "path_contains": .string(path), "status": .integer(Int64(status)), "reason": .string(reason),
            "message": .string(message), "count": .integer(Int64(count)),
        ]
        if let retryAfter { body["retry_after"] = .integer(Int64(retryAfter)) }
        _ = try await control("POST", "/_double/faults", .object(body))
    }

    /// Every Calendar sync token of the user's calendars answers 410 (a full sync is required) from now on.
    public func expireCalendarSyncTokens(of email: String) async throws {
        _ = try await control("POST", "/_double/calendar/expire-sync", ["email": .string(email)])
    }

    /// A secondary calendar for the user; returns its id.
    public func addCalendar(of email: String, summary: String) async throws -> String {
        try await control("POST", "/_double/calendar/calendars", ["email": .string(email), "summary": .string(summary)])["id"]?.stringValue ?? ""
    }

    /// The user's Calendar lists answer at most `size` items a page, as Google may (nil: as many as asked).
    public func capCalendarPages(of email: String, at size: Int?) async throws {
        _ = try await control("POST", "/_double/calendar/page-size", ["email": .string(email), "size": .integer(Int64(size ?? 0))])
    }

    /// The RFC 822 bytes the double stored for a message, exactly as they were sent.
    public func rawMessage(of email: String, id: String) async throws -> String {
        let (status, body, _) = try await Self.send("GET", root + "/_double/users/\(email)/messages/\(id)/raw")
        guard status == 200 else { throw TestServerError("The double has no message \(id) for \(email) (HTTP \(status)).") }
        return String(decoding: body, as: UTF8.self)
    }

    /// The Gmail requests the double received for a user: method, path and query.
    public func requests(of email: String) async throws -> [JSONValue] {
        let (_, body, _) = try await Self.send("GET", root + "/_double/requests?email=\(email)")
        return (try JSONParser.parse(body)).arrayValue ?? []
    }

    /// Plays the user at the consent page of `authorizationURL`: signs in as `email` and allows (or denies).
    /// Returns where the double sends the browser (`Location`), or throws with the page when it refuses to.
    public func consent(_ authorizationURL: String, as email: String, allow: Bool = true) async throws -> String {
        let (status, page, _) = try await Self.send("GET", authorizationURL)
        let html = String(decoding: page, as: UTF8.self)
        guard status == 200 else { throw TestServerError("The consent page refused (HTTP \(status)): \(html.prefix(300))") }
        var form = Self.hiddenInputs(html)
        form.append(("email", email))
        form.append(("decision", allow ? "allow" : "deny"))
        let body = form.map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let (answer, _, headers) = try await Self.send(
            "POST", root + "/o/oauth2/v2/auth/approve", body: Array(body.utf8), contentType: "application/x-www-form-urlencoded")
        guard answer == 302, let location = headers.first(name: "Location") else {
            throw TestServerError("The consent form did not redirect (HTTP \(answer)).")
        }
        return location
    }

    /// The status and page of a plain GET, redirects not followed (an unregistered redirect URI gets a page, not a redirect).
    public func fetch(_ url: String) async throws -> (status: Int, text: String, location: String?) {
        let (status, body, headers) = try await Self.send("GET", url)
        return (status, String(decoding: body, as: UTF8.self), headers.first(name: "Location"))
    }

    private func control(_ method: String, _ path: String, _ body: JSONValue) async throws -> JSONValue {
        let (status, answer, _) = try await Self.send(method, root + path, body: body.jsonBytes(), contentType: "application/json")
        guard (200..<300).contains(status) else {
            throw TestServerError("The Google double refused \(method) \(path) (HTTP \(status)): \(String(decoding: answer, as: UTF8.self))")
        }
        return answer.isEmpty ? .null : try JSONParser.parse(answer)
    }

    /// One HTTP exchange with a test double: status, body and headers; redirects are not followed.
    public static func send(
        _ method: String, _ url: String, body: [UInt8]? = nil, contentType: String? = nil
    ) async throws -> (Int, [UInt8], HTTPHeaders) {
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        if let contentType { request.headers.add(name: "Content-Type", value: contentType) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let response = try await client.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 32 << 20)
            try await client.shutdown()
            return (Int(response.status.code), Array(bytes.readableBytesView), response.headers)
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    /// The name and value of each `<input type="hidden">` of a page.
    static func hiddenInputs(_ html: String) -> [(String, String)] {
        let attribute = { (tag: Substring, name: String) -> String? in
            guard let range = tag.range(of: "\(name)=\""), let end = tag[range.upperBound...].firstIndex(of: "\"") else { return nil }
            return String(tag[range.upperBound..<end])
                .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&#x27;", with: "'").replacingOccurrences(of: "&amp;", with: "&")
        }
        return html.components(separatedBy: "<input").dropFirst().compactMap { rest in
            let tag = rest.prefix { $0 != ">" }
            guard tag.contains("type=\"hidden\""), let name = attribute(tag, "name") else { return nil }
            return (name, attribute(tag, "value") ?? "")
        }
    }

    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PlugboardCore

/// Talks to the Plugboard HTTP API: every command goes through it.
///
/// It adds the bearer token, sends and parses JSON, and turns transport failures and API errors
/// into a `CommandFailure` with the right exit status.
struct APIClient: Sendable {
    /// The server's base URL without a trailing slash.
    let server: String
    let token: String?
    private let http: HTTPClient
    /// Generous: actions and key rotation may take long; the server enforces its own deadlines.
    private let timeout: TimeAmount = .minutes(30)
    private static let maximumBodySize = 256 * 1024 * 1024

    /// The CLI's one HTTP client, alive for the whole process (which ends with `exit`, so it is never shut down).
    ///
    /// Unlike `HTTPClient.shared` it fails at once when nothing listens (no connection retries until the connect
    /// timeout) and has no read timeout: actions and key rotation may stay quiet for minutes.
    static let sharedHTTPClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(10), read: nil))
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .follow(max: 5, allowCycles: false)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    init(server: String, token: String?, http: HTTPClient = APIClient.sharedHTTPClient) {
        var server = server
        while server.hasSuffix("/") { server.removeLast() }
        self.server = server
        self.token = token
        self.http = http
    }

    func get(_ path: String, query: [(String, String?)] = []) async throws(CommandFailure) -> APIResponse {
        try await send(.GET, path, query: query)
    }

    func post(
        _ path: String, query: [(String, String?)] = [], body: JSONValue? = nil, headers: [(String, String)] = []
    ) async throws(CommandFailure) -> APIResponse {
        try await send(.POST, path, query: query, body: body ?? .object([:]), headers: headers)
    }

    func patch(_ path: String, body: JSONValue) async throws(CommandFailure) -> APIResponse {
        try await send(.PATCH, path, body: body)
    }

    func delete(_ path: String) async throws(CommandFailure) -> APIResponse {
        try await send(.DELETE, path)
    }

    /// Sends one request and returns the parsed answer; a 4xx or 5xx becomes a `CommandFailure`.
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: JSONValue? = nil,
        headers: [(String, String)] = []
    ) async throws(CommandFailure) -> APIResponse {
        var request = makeRequest(method, path, query: query, body: body)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let bytes: [UInt8]
        let status: Int
        do {
            let response = try await http.execute(request, timeout: timeout)
            status = Int(response.status.code)
            let buffer = try await response.body.collect(upTo: Self.maximumBodySize)
            bytes = Array(buffer.readableBytesView)
        } catch {
            throw transportFailure(error)
        }
        let json = Self.parse(bytes)
        guard (200..<300).contains(status) else { throw apiFailure(status: status, json: json, bytes: bytes) }
        return APIResponse(status: status, body: bytes, json: json ?? .null)
    }

    /// Sends a request whose answer is newline-delimited JSON and hands each line to `line` as it arrives.
    func stream(
        _ method: HTTPMethod, _ path: String, body: JSONValue? = nil,
        line: (_ object: JSONValue, _ text: String) throws(CommandFailure) -> Void
    ) async throws(CommandFailure) {
        try await lines(of: makeRequest(method, path, query: [], body: body ?? .object([:]))) { text throws(CommandFailure) in
            try deliver(text, to: line)
        }
    }

    /// Sends a request asking for server-sent events and hands each event's name and JSON data to `event` as it
    /// arrives.
    func events(
        _ method: HTTPMethod, _ path: String, query: [(String, String?)] = [], body: JSONValue, headers: [(String, String)] = [],
        event: (_ name: String, _ data: JSONValue) throws(CommandFailure) -> Void
    ) async throws(CommandFailure) {
        var request = makeRequest(method, path, query: query, body: body)
        request.headers.replaceOrAdd(name: "Accept", value: "text/event-stream")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        var name = "message"
        var data: [String] = []
        try await lines(of: request) { line throws(CommandFailure) in
            let text = String(decoding: line, as: UTF8.self)
            if text.isEmpty || text == "\r" {
                guard !data.isEmpty else { return }
                try deliver(ArraySlice(data.joined(separator: "\n").utf8)) { object, _ throws(CommandFailure) in try event(name, object) }
                (name, data) = ("message", [])
            } else if text.hasPrefix("event:") {
                name = text.dropFirst(6).trimmingCharacters(in: .whitespaces)
            } else if text.hasPrefix("data:") {
                data.append(String(text.dropFirst(5).drop { $0 == " " }))
            }
        }
    }

    /// Sends `request` and hands each line of a successful answer to `line` as it arrives (the last one even without
    /// its newline); a failed answer throws its error.
    private func lines(
        of request: HTTPClientRequest, _ line: (ArraySlice<UInt8>) throws(CommandFailure) -> Void
    ) async throws(CommandFailure) {
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: timeout)
        } catch {
            throw transportFailure(error)
        }
        let status = Int(response.status.code)
        var pending: [UInt8] = []
        do {
            guard (200..<300).contains(status) else {
                let bytes = Array(try await response.body.collect(upTo: Self.maximumBodySize).readableBytesView)
                throw apiFailure(status: status, json: Self.parse(bytes), bytes: bytes)
            }
            for try await buffer in response.body {
                pending.append(contentsOf: buffer.readableBytesView)
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let text = pending[..<newline]
                    pending.removeSubrange(...newline)
                    try line(text)
                }
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw transportFailure(error)
        }
        try line(pending[...])
        try line([])
    }

    private func deliver(
        _ text: ArraySlice<UInt8>, to line: (JSONValue, String) throws(CommandFailure) -> Void
    ) throws(CommandFailure) {
        let string = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !string.isEmpty else { return }
        guard let object = Self.parse(Array(string.utf8)) else {
            throw CommandFailure(
                code: "invalid_response", message: "The server sent a progress line that is not JSON.",
                cause: "A proxy or an incompatible server version.", fix: "Check --server points at Plugboard.",
                exitStatus: .unexpected)
        }
        try line(object, string)
    }

    private func makeRequest(_ method: HTTPMethod, _ path: String, query: [(String, String?)], body: JSONValue?)
        -> HTTPClientRequest
    {
        var request = HTTPClientRequest(url: server + path + Self.queryString(query))
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "plugboard-cli")
        if let token, !token.isEmpty { request.headers.add(name: "Authorization", value: "Bearer \(token)") }
        if let body {
            let bytes = body.jsonBytes()
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: bytes))
        }
        return request
    }

    private static func queryString(_ query: [(String, String?)]) -> String {
        let pairs = query.compactMap { name, value in value.map { "\(name)=\($0.queryEscaped)" } }
        return pairs.isEmpty ? "" : "?" + pairs.joined(separator: "&")
    }

    private static func parse(_ bytes: [UInt8]) -> JSONValue? {
        guard !bytes.isEmpty else { return .null }
        return try? JSONParser.parse(bytes)
    }

    private func apiFailure(status: Int, json: JSONValue?, bytes: [UInt8]) -> CommandFailure {
        if let error = json?["error"], error.objectValue != nil {
            var failure = CommandFailure(apiError: error, httpStatus: status)
            if status == 401, token?.isEmpty ?? true {
                failure.error = addingFix(to: failure.error, "Pass --token or set PLUGBOARD_TOKEN.")
            }
            return failure
        }
        let text = String(decoding: bytes.prefix(200), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let code = status == 404 ? "not_found" : "http_\(status)"
        return CommandFailure(
            error: [
                "code": .string(code), "message": .string("The server answered HTTP \(status)."),
                "cause": .string(text.isEmpty ? "No error description was sent." : text),
                "fix": "Check --server points at a Plugboard server of a matching version.", "retryable": false,
            ],
            exitStatus: .forError(code: code, httpStatus: status))
    }

    private func addingFix(to error: JSONValue, _ fix: String) -> JSONValue {
        guard var object = error.objectValue else { return error }
        object["fix"] = .string(fix)
        return .object(object)
    }

    private func transportFailure(_ error: any Error) -> CommandFailure {
        .unreachable(server, reason: Self.describe(error))
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout: return "The connection timed out."
            case .remoteConnectionClosed: return "The server closed the connection."
            case .deadlineExceeded, .readTimeout: return "The server did not answer in time."
            default: return "\(error)"
            }
        }
        let text = String(describing: error)
        if text.localizedCaseInsensitiveContains("refused") { return "Connection refused: nothing is listening there." }
        return text
    }
}

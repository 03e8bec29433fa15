import HTTPTypes
import Hummingbird
import PlugboardCore

extension UpstreamServer {
    /// Every HTTP method the echo route answers.
    static let echoMethods: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete, .head, .options]

    /// The JSON document `/json` serves.
    public static let jsonDocument: JSONValue = [
        "name": "plugboard", "count": 3, "ratio": 0.5, "active": true, "tags": ["a", "b"],
        "nested": ["unicode": "héllo ✓", "empty": nil],
    ]

    static func addStandardRoutes(to router: Router<BasicRequestContext>, recorder: UpstreamRecorder) {
        for method in echoMethods {
            router.on("/echo", method: method) { request, _ in
                json(echo(recorder.requests.last, fallbackMethod: request.method.rawValue))
            }
        }
        // GET and POST alike, so tests can see which methods a client sends again.
        let status: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, context in
            let code = context.parameters.get("code", as: Int.self) ?? 500
            var headers = HTTPFields()
            headers[.contentType] = "application/json"
            if code == 429 {
                // `?retryAfter=S` asks for a longer wait than the default second.
                let retryAfter = RecordedRequest.parseQuery(request.uri.query).first { $0.0 == "retryAfter" }?.1 ?? "1"
                headers[.retryAfter] = retryAfter
            }
            return Response(
                status: .init(code: code), headers: headers,
                body: .init(byteBuffer: ByteBuffer(bytes: (["status": .integer(Int64(code))] as JSONValue).jsonBytes())))
        }
        router.get("/status/{code}", use: status)
        router.post("/status/{code}", use: status)
        router.get("/json") { _, _ in json(jsonDocument) }
        router.get("/text") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "hello, plugboard")))
        }
        router.get("/bytes/{count}") { _, context in
            let count = max(0, context.parameters.get("count", as: Int.self) ?? 0)
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0) }
            return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/redirect/{count}") { _, context in
            let count = context.parameters.get("count", as: Int.self) ?? 1
            return redirect(to: count > 1 ? "/redirect/\(count - 1)" : "/json", status: .found)
        }
        for method in echoMethods {
            router.on("/redirect-to", method: method) { request, _ in
                let query = RecordedRequest.parseQuery(request.uri.query)
                let target = query.first { $0.0 == "url" }?.1 ?? "/json"
                let status = query.first { $0.0 == "status" }.flatMap { Int($0.1) } ?? 302
                return redirect(to: target, status: .init(code: status))
            }
        }
        for method in echoMethods {
            router.on("/flaky/{key}", method: method) { _, context in
                let key = context.parameters.get("key") ?? ""
                let attempt = recorder.increment("flaky/\(key)")
                guard attempt > 2 else { return json(["attempt": .integer(Int64(attempt))], status: .serviceUnavailable) }
                return json(["attempt": .integer(Int64(attempt))])
            }
        }
        router.get("/slow") { request, _ in
            let seconds = RecordedRequest.parseQuery(request.uri.query).first { $0.0 == "seconds" }.flatMap { Double($0.1) } ?? 5
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return json(["slept": .number(seconds)])
        }
        router.get("/auth/bearer/{token}") { request, context in
            let token = context.parameters.get("token") ?? ""
            guard request.headers[.authorization] == "Bearer \(token)" else {
                var response = json(["error": "unauthorized"], status: .unauthorized)
                response.headers[.wwwAuthenticate] = "Bearer"
                return response
            }
            return json(["authenticated": true])
        }
        router.get("/response-headers") { request, _ in
            var headers = HTTPFields()
            for (name, value) in RecordedRequest.parseQuery(request.uri.query) {
                if let field = HTTPField.Name(name) { headers.append(HTTPField(name: field, value: value)) }
            }
            headers[.contentType] = "text/plain"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: "ok")))
        }
    }

    /// `/echo`'s answer: the request as the server saw it.
    private static func echo(_ recorded: RecordedRequest?, fallbackMethod: String) -> JSONValue {
        guard let recorded else { return ["method": .string(fallbackMethod)] }
        var query = JSONObject()
        for (name, value) in recorded.query {
            switch query[name] {
            case .string(let first)?: query[name] = [.string(first), .string(value)]
            case .array(let values)?: query[name] = .array(values + [.string(value)])
            default: query[name] = .string(value)
            }
        }
        var headers = JSONObject()
        for (name, value) in recorded.headers {
            let key = name.lowercased()
            headers[key] = .string(headers[key]?.stringValue.map { "\($0), \(value)" } ?? value)
        }
        return [
            "method": .string(recorded.method), "path": .string(recorded.path), "query": .object(query),
            "headers": .object(headers), "body": .string(recorded.bodyText),
        ]
    }

    static func json(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: value.jsonBytes())))
    }

    private static func redirect(to location: String, status: HTTPResponse.Status) -> Response {
        var headers = HTTPFields()
        headers[.location] = location
        return Response(status: status, headers: headers)
    }
}

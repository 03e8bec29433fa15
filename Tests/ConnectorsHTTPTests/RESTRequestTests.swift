import ConnectorsHTTP
import Foundation
import PlugboardCore
import PlugboardTestSupport
import Testing

@Suite struct RESTRequestTests {
    @Test(arguments: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
    func everyMethodReachesTheServer(method: String) async throws {
        try await withUpstreamServer { server in
            let result = try await RESTFixture(baseURL: server.baseURL).request(["method": .string(method), "path": "/echo"])
            #expect(result["status"] == 200)
            #expect(result["body"]?["method"] == .string(method))
            #expect(server.lastRequest?.method == method)
        }
    }

    @Test func headReturnsStatusAndHeadersWithoutBody() async throws {
        try await withUpstreamServer { server in
            let result = try await RESTFixture(baseURL: server.baseURL).request(["method": "HEAD", "path": "/echo"])
            #expect(result["status"] == 200)
            #expect(result["body"] == "")
            #expect(server.lastRequest?.method == "HEAD")
        }
    }

    @Test func baseURLPathAndQueryWithArrays() async throws {
        try await withUpstreamServer { server in
            let rest = RESTFixture(baseURL: "\(server.baseURL)/echo?version=2")
            let result = try await rest.request([
                "path": "/items/a b?inline=yes",
                "query": ["tag": ["red", "blue & green"], "limit": 10, "exact": true, "q": "ünïcode/?&"],
            ])
            #expect(result["status"] == 404 || result["status"] == 200)
            let received = try #require(server.lastRequest)
            #expect(received.path == "/echo/items/a%20b" || received.path == "/echo/items/a b")
            #expect(received.queryValues("version") == ["2"])
            #expect(received.queryValues("inline") == ["yes"])
            #expect(received.queryValues("tag") == ["red", "blue & green"])
            #expect(received.queryValues("limit") == ["10"])
            #expect(received.queryValues("exact") == ["true"])
            #expect(received.queryValues("q") == ["ünïcode/?&"])
        }
    }

    @Test func defaultHeadersAndRequestHeadersReplaceThem() async throws {
        try await withUpstreamServer { server in
            let rest = RESTFixture(baseURL: server.baseURL, options: ["headers": ["Accept": "application/xml", "X-Team": "core"]])
            _ = try await rest.request(["path": "/echo", "headers": ["accept": "application/json", "X-Request": "42"]])
            let received = try #require(server.lastRequest)
            #expect(received.headers.filter { $0.0.lowercased() == "accept" }.map(\.1) == ["application/json"])
            #expect(received.header("x-team") == "core")
            #expect(received.header("x-request") == "42")
            #expect(received.header("user-agent") == "Plugboard")
        }
    }

    @Test func jsonBodyIsSentAndJSONResponseParsed() async throws {
        try await withUpstreamServer { server in
            let payload: JSONValue = ["name": "Ada", "tags": ["x", "y"], "n": 1.5, "nested": ["ok": true]]
            let result = try await RESTFixture(baseURL: server.baseURL).request(["method": "POST", "path": "/echo", "body": ["json": payload]])
            #expect(result["bodyEncoding"] == "json")
            let received = try #require(server.lastRequest)
            #expect(received.header("content-type") == "application/json")
            #expect(try JSONParser.parse(received.body) == payload)
            #expect(result["body"]?["body"] == .string(payload.jsonString()))
        }
    }

    @Test func textBodyWithContentTypeOverride() async throws {
        try await withUpstreamServer { server in
            _ = try await RESTFixture(baseURL: server.baseURL).request([
                "method": "PUT", "path": "/echo", "body": ["text": "<a>héllo</a>"], "contentType": "application/xml",
            ])
            let received = try #require(server.lastRequest)
            #expect(received.bodyText == "<a>héllo</a>")
            #expect(received.header("content-type") == "application/xml")
        }
    }

    @Test func base64BodyIsSentAsBytes() async throws {
        try await withUpstreamServer { server in
            let bytes: [UInt8] = [0, 1, 2, 254, 255]
            _ = try await RESTFixture(baseURL: server.baseURL).request([
                "method": "POST", "path": "/echo", "body": ["base64": .string(Data(bytes).base64EncodedString())],
            ])
            let received = try #require(server.lastRequest)
            #expect(received.body == bytes)
            #expect(received.header("content-type") == "application/octet-stream")
        }
    }

    @Test func formBodyIsURLEncoded() async throws {
        try await withUpstreamServer { server in
            _ = try await RESTFixture(baseURL: server.baseURL).request([
                "method": "POST", "path": "/echo", "body": ["form": ["name": "A & B", "n": 2]],
            ])
            let received = try #require(server.lastRequest)
            #expect(received.bodyText == "name=A%20%26%20B&n=2")
            #expect(received.header("content-type") == "application/x-www-form-urlencoded")
        }
    }

    @Test func textAndBinaryResponses() async throws {
        try await withUpstreamServer { server in
            let rest = RESTFixture(baseURL: server.baseURL)
            let text = try await rest.request(["path": "/text"])
            #expect(text["bodyEncoding"] == "text")
            #expect(text["body"] == "hello, plugboard")
            let binary = try await rest.request(["path": "/bytes/300"])
            #expect(binary["bodyEncoding"] == "base64")
            let decoded = Data(base64Encoded: binary["body"]?.stringValue ?? "")
            #expect(decoded.map(Array.init) == (0..<300).map { UInt8(truncatingIfNeeded: $0) })
            #expect(binary["headers"]?["content-type"] == "application/octet-stream")
        }
    }

    @Test func repeatedResponseHeadersAreJoined() async throws {
        try await withUpstreamServer { server in
            let result = try await RESTFixture(baseURL: server.baseURL).request(["path": "/response-headers", "query": ["X-Multi": ["a", "b"]]])
            #expect(result["headers"]?["x-multi"] == "a, b")
            #expect(result["durationMs"]?.doubleValue != nil)
        }
    }

    @Test func otherClientErrorsAreReturned() async throws {
        try await withUpstreamServer { server in
            let rest = RESTFixture(baseURL: server.baseURL)
            for (path, status) in [("/status/404", 404), ("/status/422", 422), ("/nowhere", 404)] {
                let result = try await rest.request(["path": .string(path)])
                #expect(result["status"] == .integer(Int64(status)))
            }
        }
    }

    @Test func redirectsAreFollowedOrReturned() async throws {
        try await withUpstreamServer { server in
            let followed = try await RESTFixture(baseURL: server.baseURL).request(["path": "/redirect/2"])
            #expect(followed["status"] == 200)
            #expect(followed["body"] == UpstreamServer.jsonDocument)
            let returned = try await RESTFixture(baseURL: server.baseURL, options: ["followRedirects": false]).request(["path": "/redirect/2"])
            #expect(returned["status"] == 302)
        }
    }

    @Test(arguments: ["http://evil.example/x", "https:evil.example", "//evil.example/x", "javascript:alert(1)", "\\\\evil.example"])
    func absoluteURLInPathIsRefused(path: String) async throws {
        try await withUpstreamServer { server in
            let error = await #expect(throws: ConnectorError.self) { try await RESTFixture(baseURL: server.baseURL).request(["path": .string(path)]) }
            #expect(error?.code == .invalidInput)
            #expect(error?.field == "path")
            #expect(server.requests.isEmpty)
        }
    }

    @Test func badInputIsInvalidInput() async throws {
        try await withUpstreamServer { server in
            let rest = RESTFixture(baseURL: server.baseURL)
            let cases: [(JSONValue, String)] = [
                (["method": "TRACE"], "method"), (["query": ["a": ["b": 1]]], "query.a"), (["headers": ["X": 1]], "headers.X"),
                (["headers": ["X": "a\r\nInjected: yes"]], "headers.X"), (["headers": ["X": "a\nb"]], "headers.X"),
                (["headers": ["Bad Name": "x"]], "headers.Bad Name"), (["contentType": "text/plain\r\nX: y"], "contentType"),
                (["body": ["json": 1, "text": "x"]], "body"), (["body": "raw"], "body"), (["path": 5], "path"),
                (["body": ["base64": "***"]], "body.base64"),
            ]
            for (input, field) in cases {
                let error = await #expect(throws: ConnectorError.self) { try await rest.request(input) }
                #expect(error?.code == .invalidInput)
                #expect(error?.field == field)
            }
            #expect(server.requests.isEmpty)
        }
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PlugboardCore

/// JSON requests over one shared AsyncHTTPClient, for WebDriver and for Plugboard's API.
enum HTTPJSON {
    static let client = HTTPClient(eventLoopGroupProvider: .singleton)

    struct Reply: Sendable {
        var status: Int
        var text: String
        var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
    }

    /// Sends `body` as JSON (when given) and returns the status and text of the reply.
    static func send(
        _ method: HTTPMethod, _ url: String, body: JSONValue? = nil, headers: [(String, String)] = [],
        timeout: Duration = .seconds(60)
    ) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
            request.body = .bytes(ByteBuffer(bytes: body.jsonBytes()))
        }
        let response = try await client.execute(request, timeout: .seconds(Int64(timeout.components.seconds)))
        let buffer = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), text: String(buffer: buffer))
    }
}

import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PlugboardCore

/// Direct calls to the HTTP API, for setup and checks; every answer is recorded in the transcript.
struct APISession: Sendable {
    let baseURL: String
    let token: String
    let transcript: Transcript

    /// A client that fails at once on a refused connection (a killed server) instead of retrying until its
    /// connect timeout; it lives as long as the test process.
    static let httpClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(timeout: .init(connect: .seconds(5), read: .seconds(120)))
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    /// One answer: status and body.
    struct Answer: Sendable, CustomStringConvertible {
        var status: Int
        var text: String
        var json: JSONValue { (try? JSONParser.parse(text)) ?? .null }
        var isSuccess: Bool { (200..<300).contains(status) }
        var description: String { "HTTP \(status) \(text)" }
    }

    func get(_ path: String) async throws -> Answer { try await send(.GET, path) }
    func post(_ path: String, _ body: JSONValue = [:]) async throws -> Answer { try await send(.POST, path, body: body) }
    func patch(_ path: String, _ body: JSONValue) async throws -> Answer { try await send(.PATCH, path, body: body) }
    func delete(_ path: String) async throws -> Answer { try await send(.DELETE, path) }

    func send(_ method: HTTPMethod, _ path: String, body: JSONValue? = nil, timeout: TimeAmount = .seconds(60))
        async throws -> Answer
    {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body.jsonBytes()))
        }
        let response = try await Self.httpClient.execute(request, timeout: timeout)
        let buffer = try await response.body.collect(upTo: 64 << 20)
        let answer = Answer(status: Int(response.status.code), text: String(buffer: buffer))
        transcript.record("\(method.rawValue) \(path)", answer.text)
        return answer
    }

    /// Fails with the answer when it is not a 2xx.
    func expectSuccess(_ answer: Answer, _ what: String) throws -> JSONValue {
        guard answer.isSuccess else { throw EndToEndError("\(what) failed: \(answer)") }
        return answer.json
    }
}

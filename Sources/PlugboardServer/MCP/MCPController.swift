import Foundation
import HTTPTypes
import Hummingbird
import MCP
import NIOCore
import PlugboardCore
import ServiceLifecycle

/// `/mcp`: Plugboard as an MCP server over Streamable HTTP. POST carries JSON-RPC messages (answered as SSE),
/// GET opens the session's stream of server messages (`notifications/tools/list_changed`), DELETE ends the session.
///
/// Every request needs an application's bearer token; a global token names the application with
/// `?application=APP` (or the `Plugboard-Application` header). The token's role limits what the agent may do.
struct MCPController {
    let instance: PlugboardInstance
    let sessions: MCPSessions

    init(instance: PlugboardInstance) {
        self.instance = instance
        self.sessions = instance.mcpSessions
    }

    var routes: [APIRoute] {
        let summaries: [(HTTPRequest.Method, String, String)] = [
            (.post, "mcpPost", "MCP Streamable HTTP: send a JSON-RPC message (initialize opens a session); answers are SSE"),
            (.get, "mcpStream", "MCP Streamable HTTP: the session's stream of server messages, such as tools/list_changed"),
            (.delete, "mcpEnd", "MCP Streamable HTTP: end the session"),
        ]
        return summaries.map { method, operationID, summary in
            APIRoute(
                method: method, path: "/mcp", operationID: operationID, summary: summary, tag: "MCP",
                query: [.query("application", "Application id or name; needed with a global token.")],
                requestBody: method == .post ? Schema.object([:], additionalProperties: true) : nil,
                responses: MCPRouteResponses.responses(for: method), errorResponse: Self.errorResponse
            ) { request, context in
                try await handle(request, context)
            }
        }
    }

    /// Every failure, the API's own (a missing token, a body too large) included, is answered as a JSON-RPC error,
    /// which MCP clients show to the user; the status stays the API's.
    @Sendable static func errorResponse(_ error: ConnectorError) -> Response {
        let text = "\(error.code.rawValue): \(error.message) \(error.fix)"
        return response(.error(statusCode: Int(error.status.code), .invalidRequest(text)), endsAtShutdown: false)
    }

    private func handle(_ request: Request, _ context: PlugboardRequestContext) async throws -> Response {
        let principal = try context.requirePrincipal()
        let body = try await collectBody(request)
        let mcpRequest = MCP.HTTPRequest(method: request.method.rawValue, headers: Self.headers(of: request), body: body, path: request.uri.path)
        let reference = request.uri.queryParameters["application"].map(String.init) ?? request.headers[.plugboardApplication]
        let instance = self.instance
        // Only a request without a session may open one, so only that one's body is parsed here.
        let isInitialize = request.headers[.mcpSessionID] == nil && Self.isInitialize(body)
        let response = try await sessions.handle(mcpRequest, tokenID: principal.tokenID, isInitialize: isInitialize) {
            guard let reference = reference ?? principal.applicationID else {
                throw ConnectorError(
                    .invalidInput, message: "A global token must name the application.",
                    fix: "Connect to /mcp?application=APP, or use a token of the application.", field: "application")
            }
            let application = try await instance.application(reference, for: principal)
            try principal.authorize(.viewer, in: application, to: "use MCP")
            return MCPAgent(application: application, caller: principal.caller, role: principal.role)
        }
        return Self.response(response, endsAtShutdown: request.method == .get)
    }

    private func collectBody(_ request: Request) async throws -> Data? {
        guard request.method == .post else { return nil }
        do {
            let buffer = try await request.body.collect(upTo: instance.maxBodyBytes)
            return buffer.readableBytes == 0 ? nil : Data(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw APIError.bodyTooLarge(instance.maxBodyBytes)
        }
    }

    /// Whether the body is an `initialize` request (the only message that may open a session).
    static func isInitialize(_ body: Data?) -> Bool {
        guard let body, let message = try? JSONParser.parse(Array(body)) else { return false }
        return message["method"]?.stringValue == "initialize"
    }

    /// The request's headers for the SDK; HTTP/1's Host is the request's authority in HTTPTypes.
    static func headers(of request: Request) -> [String: String] {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { $0 + ", " + field.value } ?? field.value
        }
        if let authority = request.head.authority { headers["Host"] = authority }
        return headers
    }

    /// The SDK's response as Hummingbird's; SSE streams are written as they come. A GET stream (idle by nature)
    /// ends at graceful shutdown so the server can stop; POST streams finish their call first.
    static func response(_ response: MCP.HTTPResponse, endsAtShutdown: Bool) -> Response {
        var fields = HTTPFields()
        for (name, value) in response.headers where name.lowercased() != "connection" {
            if let fieldName = HTTPField.Name(name) { fields.append(HTTPField(name: fieldName, value: value)) }
        }
        let status = HTTPResponse.Status(code: response.statusCode)
        guard case .stream(let stream, _) = response else {
            let body = response.bodyData.map { ResponseBody(byteBuffer: ByteBuffer(bytes: $0)) } ?? ResponseBody()
            return Response(status: status, headers: fields, body: body)
        }
        return Response(status: status, headers: fields, body: ResponseBody { writer in
            if endsAtShutdown {
                try await relayUntilShutdown(stream, to: &writer)
            } else {
                for try await chunk in stream { try await writer.write(ByteBuffer(bytes: chunk)) }
            }
            try await writer.finish(nil)
        })
    }

    /// Writes the stream's chunks until it ends or graceful shutdown begins, whichever is first.
    private static func relayUntilShutdown(_ stream: AsyncThrowingStream<Data, Error>, to writer: inout any ResponseBodyWriter) async throws {
        let (relay, continuation) = AsyncThrowingStream<Data, Error>.makeStream()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await chunk in stream { continuation.yield(chunk) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            try await withGracefulShutdownHandler {
                for try await chunk in relay { try await writer.write(ByteBuffer(bytes: chunk)) }
            } onGracefulShutdown: {
                continuation.finish()
            }
            group.cancelAll()
        }
    }
}

extension HTTPField.Name {
    /// `Plugboard-Application: APP` names the application of an MCP session opened with a global token.
    static let plugboardApplication = Self("Plugboard-Application")!
    /// The session an MCP request belongs to, once `initialize` has opened one.
    static let mcpSessionID = Self(HTTPHeaderName.sessionID)!
}

import PlugboardCore

extension HTTPServiceClient {
    /// Sends `request` and returns, once the head has arrived, its body as server-sent events read as they come
    /// (LLM token streams, MCP notifications). The deadline bounds the head; the body ends when the service ends it.
    /// Each event leaves through the call's redactor, since a stream may be handed on before the call ends.
    public func events(
        _ request: HTTPServiceRequest, context: CallContext, maximumEventBytes: Int = 1 << 20
    ) async throws(ConnectorError) -> ServerSentEvents {
        ServerSentEvents(
            body: try await openStream(request, context: context).body, parser: ServerSentEventParser(maximumEventBytes: maximumEventBytes),
            redactor: context.redactor)
    }

    /// Sends `request` and returns, once the head has arrived, its body as newline-delimited JSON values read as they
    /// come (Ollama's streams, bulk exports), each through the call's redactor.
    public func jsonLines(
        _ request: HTTPServiceRequest, context: CallContext, maximumLineBytes: Int = 1 << 20
    ) async throws(ConnectorError) -> JSONLines {
        JSONLines(
            body: try await openStream(request, context: context).body, reader: NDJSONLineReader(maximumLineBytes: maximumLineBytes),
            redactor: context.redactor)
    }

    /// Sends `request` and returns the head as soon as it arrives, with the body still arriving and the status not
    /// judged: the credential applied, one OAuth2 refresh-and-resend after a 401. For protocols that read every status
    /// themselves (MCP's transports).
    public func streamExchange(_ request: HTTPServiceRequest, context: CallContext) async throws(ConnectorError) -> HTTPStreamingResponse {
        var credential = try HTTPCallAuthentication(context: context, authenticate: service.authenticate)
        var response = try await stream(message(for: request, with: credential.authentication), context: context)
        if try await credential.refresh(after: response.status, context: context, service: service.name) {
            response = try await stream(message(for: request, with: credential.authentication), context: context)
        }
        return response
    }

    /// The streamed exchange with a failure status read from the head and the start of the body.
    func openStream(_ request: HTTPServiceRequest, context: CallContext) async throws(ConnectorError) -> HTTPStreamingResponse {
        let response = try await streamExchange(request, context: context)
        guard !(200..<300).contains(response.status) else { return response }
        let head = await response.failedHead()
        let redactor = context.redactor.redactor
        throw service.failure(head, redactor) ?? HTTPStatusFailure.error(for: head, service: service.name, redactor: redactor)
            ?? ConnectorError(
                .upstreamError, message: "\(service.name) answered \(response.status) instead of a stream.",
                details: ["status": .integer(Int64(response.status)), "body": .string(redactor.redact(HTTPStatusFailure.excerpt(head.body)))])
    }

    private func stream(_ message: HTTPRequestMessage, context: CallContext) async throws(ConnectorError) -> HTTPStreamingResponse {
        do {
            return try await transport.stream(message, deadline: min(context.deadline, .now + service.attemptTimeout))
        } catch let error as ConnectorError {
            throw error
        } catch {
            throw ConnectorError(.upstreamError, message: "The request to \(service.name) failed.")
        }
    }
}

/// A streamed body read as server-sent events, one at a time as the bytes arrive.
public struct ServerSentEvents: AsyncSequence, Sendable {
    public typealias Element = ServerSentEvent
    let body: AsyncThrowingStream<[UInt8], any Error>
    let parser: ServerSentEventParser
    let redactor: CallRedactor

    public func makeAsyncIterator() -> Iterator {
        Iterator(parts: body.makeAsyncIterator(), parser: parser, redactor: redactor)
    }

    /// Pulls body parts only when the events already parsed are used up.
    public struct Iterator: AsyncIteratorProtocol {
        var parts: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
        var parser: ServerSentEventParser
        let redactor: CallRedactor
        var ready: [ServerSentEvent] = []

        public mutating func next() async throws -> ServerSentEvent? {
            while ready.isEmpty {
                guard let part = try await parts.next() else { return nil }
                do {
                    ready = try parser.feed(part)
                } catch {
                    throw ConnectorError(.payloadTooLarge, message: "An event of the stream is larger than \(parser.maximumEventBytes) bytes.")
                }
            }
            var event = ready.removeFirst()
            event.data = redactor.redact(event.data)
            return event
        }
    }
}

/// A streamed body read as newline-delimited JSON, one value at a time as the bytes arrive.
public struct JSONLines: AsyncSequence, Sendable {
    public typealias Element = JSONValue
    let body: AsyncThrowingStream<[UInt8], any Error>
    let reader: NDJSONLineReader
    let redactor: CallRedactor

    public func makeAsyncIterator() -> Iterator {
        Iterator(parts: body.makeAsyncIterator(), reader: reader, redactor: redactor)
    }

    /// Pulls body parts only when the values already read are used up.
    public struct Iterator: AsyncIteratorProtocol {
        var parts: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
        var reader: NDJSONLineReader
        let redactor: CallRedactor
        var ready: [JSONValue] = []
        var ended = false

        public mutating func next() async throws -> JSONValue? {
            while ready.isEmpty {
                guard !ended else { return nil }
                if let part = try await parts.next() {
                    ready = try reader.feed(part)
                } else {
                    ended = true
                    if let last = try reader.finish() { ready = [last] }
                }
            }
            return redactor.redact(ready.removeFirst())
        }
    }
}

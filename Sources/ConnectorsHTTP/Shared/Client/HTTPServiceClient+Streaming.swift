import PlugboardCore

extension HTTPServiceClient {
    /// Sends `request` and returns, once the head has arrived, its body as server-sent events read as they come
    /// (LLM token streams, MCP notifications). The deadline bounds the head; the body ends when the service ends it.
    /// Each event leaves through the call's redactor, since a stream may be handed on before the call ends.
    public func events(
        _ request: HTTPServiceRequest, context: CallContext, maximumEventBytes: Int = 1 << 20
    ) async throws(ConnectorError) -> ServerSentEvents {
        ServerSentEvents(
            body: try await openStream(request, context: context).body, reader: ServerSentEventParser(maximumEventBytes: maximumEventBytes),
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
public typealias ServerSentEvents = StreamedValues<ServerSentEventParser>

/// A streamed body read as newline-delimited JSON, one value at a time as the bytes arrive.
public typealias JSONLines = StreamedValues<NDJSONLineReader>

import PlugboardCore

extension OpenAPISession {
    /// Sends `request` with the connector's retry policy and timeout, as `HTTPRetryPolicy.send` describes.
    func send(_ request: HTTPRequestMessage, context: CallContext) async throws(ConnectorError) -> HTTPResponseMessage {
        try await configuration.retryPolicy.send(
            request, through: transport, attemptTimeout: configuration.timeout, context: context, service: service
        ).response
    }
}

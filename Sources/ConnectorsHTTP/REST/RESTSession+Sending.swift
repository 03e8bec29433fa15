import PlugboardCore

extension RESTSession {
    /// A response and how many attempts it took.
    typealias Exchange = HTTPRetryPolicy.Exchange

    /// Sends `request` with the connector's retry policy and timeout, as `HTTPRetryPolicy.send` describes.
    func send(_ request: HTTPRequestMessage, context: CallContext) async throws(ConnectorError) -> Exchange {
        try await configuration.retryPolicy.send(
            request, through: transport, attemptTimeout: configuration.timeout, context: context, service: service)
    }
}

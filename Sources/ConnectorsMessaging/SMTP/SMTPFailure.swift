import PlugboardCore

/// What a refusing reply means in the taxonomy: 535 and its kin are the credential, 421 and 4xx are temporary,
/// 5xx are final.
enum SMTPFailure {
    static func error(_ reply: SMTPReply, during step: String, server: String) -> ConnectorError {
        let said = "\(server) answered \(reply.code) \(reply.text)"
        switch reply.code {
        case 530, 534, 535, 538:
            return ConnectorError(
                .authenticationFailed, message: "\(server) refused the login (\(reply.code) \(reply.text)).",
                fix: "Check the user name and password in the connector's credential, and the authentication method.")
        case 552:
            return ConnectorError(.payloadTooLarge, message: "\(said) to \(step): the message is larger than the server takes.")
        case 421, 450..<500:
            return ConnectorError(
                .upstreamError, message: "\(said) to \(step).", cause: "The server is busy or limiting this sender for now.",
                fix: "Retry later.", retryable: true)
        default:
            return ConnectorError(
                .upstreamError, message: "\(said) to \(step).", cause: "The server refused it for good.",
                fix: "Read the server's answer: a sender or recipient it does not accept, or a policy it enforces.", retryable: false)
        }
    }
}

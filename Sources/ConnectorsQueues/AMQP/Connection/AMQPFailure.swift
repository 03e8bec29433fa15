import PlugboardCore

/// AMQP reply codes (a channel.close or connection.close from the broker) in the taxonomy.
enum AMQPFailure {
    static func error(replyCode: UInt16, replyText: String, doing action: String) -> ConnectorError {
        let message = "RabbitMQ refused to \(action): \(replyText) (\(replyCode))."
        switch replyCode {
        case 403:
            return ConnectorError(.permissionDenied, message: message, fix: "Give the credential's user the permission it needs on this virtual host.")
        case 404: return ConnectorError(.notFound, message: message)
        case 405: return ConnectorError(.conflict, message: message, fix: "Another connection holds the queue exclusively.")
        case 406:
            return ConnectorError(
                .conflict, message: message,
                fix: "The exchange or queue exists with other properties (durable, type, arguments): declare it as it is, or delete it first.")
        case 311: return ConnectorError(.payloadTooLarge, message: message)
        case 320: return ConnectorError(.unavailable, message: message, fix: "The broker is shutting down or restarting; try again shortly.", retryable: true)
        case 530: return ConnectorError(.permissionDenied, message: message, fix: "Check the virtual host and the user's access to it.")
        case 506: return ConnectorError(.unavailable, message: message, retryable: true)
        default: return ConnectorError(.upstreamError, message: message)
        }
    }

    static func lost(_ endpoint: String) -> ConnectorError {
        ConnectorError(.upstreamError, message: "The connection to RabbitMQ at \(endpoint) closed.", retryable: true)
    }
}

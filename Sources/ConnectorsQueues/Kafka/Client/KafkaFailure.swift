import PlugboardCore

/// Kafka error codes in the taxonomy, and which ones a fresh metadata and a retry can cure.
enum KafkaFailure {
    /// Errors that mean the metadata is stale or the broker is busy for a moment.
    static func isRetriable(_ code: KafkaErrorCode) -> Bool {
        [3, 5, 6, 7, 13, 14, 15, 16, 19, 20, 56].contains(code.rawValue)
    }

    static func error(_ code: KafkaErrorCode, doing action: String) -> ConnectorError {
        let message = "Kafka refused to \(action): \(code)."
        switch code.rawValue {
        case 3: return ConnectorError(.notFound, message: "Kafka refused to \(action): the topic or partition does not exist (\(code)).")
        case 29, 30, 31: return ConnectorError(.permissionDenied, message: message, fix: "Grant the connector's user the ACL it needs on the broker.")
        case 36: return ConnectorError(.alreadyExists, message: message)
        case 10: return ConnectorError(.payloadTooLarge, message: message, fix: "Send smaller records, or raise the topic's max.message.bytes.")
        case 17, 37, 38, 40, 41, 42, 87: return ConnectorError(.invalidInput, message: message)
        case 58: return ConnectorError(.authenticationFailed, message: message, fix: "Check the credential's username and password and the SASL mechanism.")
        case 35: return ConnectorError(.upstreamError, message: message, fix: "The broker does not speak this request's version.")
        default: return ConnectorError(.upstreamError, message: message, retryable: isRetriable(code))
        }
    }
}

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

    /// A fetched batch whose compression Plugboard does not read, when it holds the records asked for.
    static func unreadable(_ batches: [KafkaRecordBatch], topic: String, partition: Int32) -> ConnectorError? {
        guard let batch = batches.first(where: { !$0.isReadable && !$0.isControl }) else { return nil }
        return ConnectorError(
            .upstreamError, message: "The records from offset \(batch.baseOffset) of '\(topic)' partition \(partition) are compressed with \(batch.compression), which Plugboard does not read.",
            fix: "Have the topic's producers use gzip or no compression (compression.type), or read these records with another client.")
    }
}

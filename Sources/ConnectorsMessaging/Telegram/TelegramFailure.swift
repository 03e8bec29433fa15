import ConnectorsHTTP
import PlugboardCore

/// Telegram's `{ok: false, error_code, description, parameters}` envelope as the taxonomy names it.
enum TelegramFailure {
    /// The error an answer amounts to; nil when it is `{ok: true}`.
    static func error(_ response: HTTPResponseMessage, redactor: Redactor) -> ConnectorError? {
        let json = try? JSONParser.parse(response.body)
        if json?["ok"] == true, (200..<300).contains(response.status) { return nil }
        guard let json, json["ok"] == false else {
            guard response.status >= 400 else { return nil }
            return ConnectorError(.upstreamError, message: "The Bot API answered \(response.status) without its error envelope.")
        }
        let code = Int(json["error_code"]?.integerValue ?? Int64(response.status))
        let description = redactor.redact(json["description"]?.stringValue ?? "Telegram refused the request.")
        let parameters = json["parameters"]
        if let migrated = parameters?["migrate_to_chat_id"] {
            return ConnectorError(
                .invalidInput, message: "\(description): the group is now a supergroup with the id \(migrated.jsonString()).",
                fix: "Send to the new chat id.", field: "chatId", details: ["migrateToChatId": migrated])
        }
        switch code {
        case 401:
            return ConnectorError(.authenticationFailed, message: "Telegram refused the bot token: \(description)", fix: "Check the token from @BotFather in the connector's credential.")
        case 403:
            return ConnectorError(.permissionDenied, message: description, cause: "The bot was blocked, kicked, or may not write there.")
        case 404:
            return ConnectorError(.notFound, message: description)
        case 429:
            return ConnectorError(
                .rateLimited, message: "Telegram's flood control: \(description)", retryable: true,
                retryAfter: retryAfter(parameters))
        case 400..<500:
            return ConnectorError(.invalidInput, message: description)
        default:
            return ConnectorError(.upstreamError, message: "Telegram failed (\(code)): \(description)", retryable: code >= 500)
        }
    }

    /// `parameters.retry_after`, in seconds.
    static func retryAfter(_ parameters: JSONValue?) -> Double? {
        parameters?["retry_after"]?.doubleValue
    }
}

/// The one error type every driver, the runtime, the store and the API speak.
///
/// Its `description` is safe to log: it never holds secrets, because messages are written by
/// Plugboard and upstream text passes through `Redactor` before it lands here.
public struct ConnectorError: Error, Sendable, Hashable {
    /// The stable, machine-readable name of what went wrong; extensible by drivers.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible, Codable {
        /// The code as sent in the API, such as `not_found`.
        public let rawValue: String
        /// A code from its snake_case name.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A code from its snake_case name, unlabelled for the static constants.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        /// The code's snake_case name.
        public var description: String { rawValue }
    }

    /// What went wrong, machine-readable.
    public var code: Code
    /// What happened, in one sentence.
    public var message: String
    /// The likely cause.
    public var cause: String
    /// What the user can do about it.
    public var fix: String
    /// Whether trying again unchanged may succeed.
    public var retryable: Bool
    /// The input or option field at fault, as a dotted path.
    public var field: String?
    /// Seconds the caller should wait before retrying (rate limits).
    public var retryAfter: Double?
    /// Further structured facts (field errors, dependents, upstream status).
    public var details: JSONValue?

    /// An error whose cause, fix and retryability default to the code's, where not given.
    public init(
        _ code: Code, message: String, cause: String? = nil, fix: String? = nil, retryable: Bool? = nil,
        field: String? = nil, retryAfter: Double? = nil, details: JSONValue? = nil
    ) {
        let defaults = Code.defaults[code]
        self.code = code
        self.message = message
        self.cause = cause ?? defaults?.cause ?? "See the message."
        self.fix = fix ?? defaults?.fix ?? "Correct the request and try again."
        self.retryable = retryable ?? defaults?.retryable ?? false
        self.field = field
        self.retryAfter = retryAfter
        self.details = details
    }
}

extension ConnectorError: CustomStringConvertible {
    /// The code, message and field on one line, for logs.
    public var description: String {
        var text = "\(code): \(message)"
        if let field { text += " (field: \(field))" }
        return text
    }
}

extension ConnectorError {
    /// An error read back from how `json` rendered it (a stored run's error); `fallback` is the message when there is none.
    public init(rendered json: JSONValue, fallback: String) {
        let object = json.objectValue ?? [:]
        self.init(
            Code(object["code"]?.stringValue ?? "internal_error"), message: object["message"]?.stringValue ?? fallback,
            cause: object["cause"]?.stringValue, fix: object["fix"]?.stringValue, retryable: object["retryable"]?.boolValue,
            field: object["field"]?.stringValue, retryAfter: object["retryAfter"]?.doubleValue, details: object["details"])
    }

    /// The error as the API, CLI and MCP render it: `{code, message, cause, fix, retryable, field?, ...}`.
    public var json: JSONValue {
        var object: JSONObject = [
            "code": .string(code.rawValue), "message": .string(message), "cause": .string(cause),
            "fix": .string(fix), "retryable": .bool(retryable),
        ]
        if let field { object["field"] = .string(field) }
        if let retryAfter { object["retryAfter"] = .number(retryAfter) }
        if let details { object["details"] = details }
        return .object(object)
    }
}

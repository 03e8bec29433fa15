import PlugboardCore

/// Why a command failed: an API error as the server described it, or a local problem described the same way.
///
/// It carries the error object (`code`, `message`, `cause`, `fix`, `retryable`, ...) so `--json` can print it
/// unchanged, and the exit status scripts rely on.
struct CommandFailure: Error, Sendable {
    /// The error object, shaped like the API's `error` member.
    var error: JSONValue
    var exitStatus: ExitStatus

    var code: String { error["code"]?.stringValue ?? "error" }
    var message: String { error["message"]?.stringValue ?? "The request failed." }

    init(error: JSONValue, exitStatus: ExitStatus) {
        self.error = error
        self.exitStatus = exitStatus
    }

    /// An error reported by the server, with the HTTP status it came with.
    init(apiError: JSONValue, httpStatus: Int) {
        let code = apiError["code"]?.stringValue ?? "http_\(httpStatus)"
        self.init(error: apiError, exitStatus: .forError(code: code, httpStatus: httpStatus))
    }

    /// A failure found on this side of the API.
    init(code: String, message: String, cause: String? = nil, fix: String? = nil, exitStatus: ExitStatus) {
        var object: JSONObject = ["code": .string(code), "message": .string(message)]
        if let cause { object["cause"] = .string(cause) }
        if let fix { object["fix"] = .string(fix) }
        object["retryable"] = .bool(exitStatus == .unreachable)
        self.init(error: .object(object), exitStatus: exitStatus)
    }

    /// A bad argument, option or local file (exit 2).
    static func usage(_ message: String, fix: String? = nil) -> CommandFailure {
        CommandFailure(code: "usage", message: message, fix: fix, exitStatus: .usage)
    }

    /// The server at `server` could not be reached (exit 7).
    static func unreachable(_ server: String, reason: String) -> CommandFailure {
        CommandFailure(
            code: "server_unreachable", message: "Could not reach the Plugboard server at \(server).",
            cause: reason, fix: "Start it with 'plugboard serve' (or scripts/run.sh), or point --server / PLUGBOARD_SERVER at it.",
            exitStatus: .unreachable)
    }

    /// The same failure with every given secret masked, for errors raised while handling secrets.
    func redacting(_ redactor: Redactor) -> CommandFailure {
        CommandFailure(error: redactor.redact(error), exitStatus: exitStatus)
    }

    /// The error as `--json` prints it: the API's `{"error": {...}}` envelope.
    var envelope: JSONValue { ["error": error] }

    /// The readable form: `error: <message>` then indented cause and fix lines.
    var readableLines: [String] {
        var lines = ["error: \(message)"]
        if let field = error["field"]?.stringValue { lines.append("  field: \(field)") }
        if let cause = error["cause"]?.stringValue, !cause.isEmpty { lines.append("  cause: \(cause)") }
        if let fix = error["fix"]?.stringValue, !fix.isEmpty { lines.append("  fix: \(fix)") }
        if let retryAfter = error["retryAfter"]?.doubleValue { lines.append("  retry after: \(retryAfter) s") }
        lines.append(contentsOf: detailLines)
        lines.append("  code: \(code)")
        return lines
    }

    /// Field errors and dependents from `details`, one line each.
    private var detailLines: [String] {
        guard let details = error["details"] else { return [] }
        var lines: [String] = []
        for key in ["errors", "fields"] {
            let items = details[key]?.arrayValue ?? []
            // One field error is the message already.
            for item in items where items.count > 1 {
                let field = item["field"]?.stringValue ?? item["path"]?.stringValue
                let message = item["message"]?.stringValue ?? item.jsonString()
                lines.append("  - \(field.map { "\($0): " } ?? "")\(message)")
            }
        }
        for key in ["dependents", "connectors"] {
            for item in details[key]?.arrayValue ?? [] {
                let name = item["name"]?.stringValue ?? item["id"]?.stringValue ?? item.jsonString()
                let kind = item["kind"]?.stringValue.map { "\($0) " } ?? ""
                lines.append("  - used by \(kind)\(name)")
            }
        }
        return lines
    }
}

import PlugboardCore

extension RESTDriver {
    static let requestAction = ConnectorAction<RESTSession>(
        ActionDescriptor(
            name: "request", title: "Send a request",
            description: """
                Sends one HTTP request to a path under the connector's base URL and returns the status, headers and body. \
                JSON bodies come back parsed, text as a string, anything else as base64. 2xx, 3xx and most 4xx statuses are \
                returned, not raised, so a workflow can branch on them (404 included). Four are raised as errors carrying \
                {status, body}: 401 as authentication_failed, 403 as permission_denied, 429 as rate_limited (with retryAfter \
                from Retry-After), and 5xx as upstream_error once retries are spent. GET, HEAD, OPTIONS, PUT and DELETE are \
                retried after refused or timed-out connections and 429, 502, 503 and 504; POST and PATCH never are.
                """,
            inputSchema: requestInputSchema, outputSchema: requestOutputSchema,
            annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false)),
        run: { session, input, context in try await runRequest(session, input, context) })

    private static let queryValue: JSONValue = [
        "type": ["string", "number", "integer", "boolean", "array"], "items": ["type": ["string", "number", "integer", "boolean"]],
    ]

    static let requestInputSchema = Schema.object(
        [
            "method": Schema.string(title: "Method", default: "GET", enum: RESTRequestInput.methods),
            "path": Schema.string(
                title: "Path", description: "Appended to the base URL, such as /users/42; may end in a query string. Absolute URLs are refused."),
            "query": Schema.map(
                of: queryValue, title: "Query parameters", description: "Names to values; an array repeats the parameter once per value."),
            "headers": Schema.map(of: Schema.string(), title: "Headers", description: "Replace the connector's default headers of the same name."),
            "body": Schema.object(
                [
                    "json": Schema.any(title: "JSON", description: "Any JSON value, sent as application/json."),
                    "text": Schema.string(title: "Text", description: "Sent as text/plain in UTF-8."),
                    "base64": Schema.string(title: "Binary (base64)", description: "Bytes given in base64, sent as application/octet-stream."),
                    "form": Schema.map(
                        of: ["type": ["string", "number", "integer", "boolean"]], title: "Form fields",
                        description: "Sent as application/x-www-form-urlencoded."),
                ], title: "Body", description: "Exactly one of json, text, base64 or form."),
            "contentType": Schema.string(title: "Content type", description: "Overrides the Content-Type the body kind implies."),
        ])

    static let requestOutputSchema = Schema.object(
        [
            "status": Schema.integer(title: "HTTP status"),
            "headers": Schema.map(of: Schema.string(), title: "Response headers", description: "Lowercase names; repeated headers joined with ', '."),
            "body": Schema.any(title: "Body", description: "Parsed JSON, text, or base64 as bodyEncoding says."),
            "bodyEncoding": Schema.string(title: "Body encoding", enum: ["json", "text", "base64"]),
            "durationMs": Schema.number(title: "Duration (ms)", description: "From the first attempt to the last byte, retries included."),
            "attempts": Schema.integer(title: "Attempts"),
        ], required: ["status", "headers", "body", "bodyEncoding", "durationMs"])

    static func runRequest(_ session: RESTSession, _ input: JSONValue, _ context: DriverContext) async throws -> JSONValue {
        let started = ContinuousClock.now
        let request = try RESTRequestInput(input)
        let authentication = try HTTPAuthentication(credential: context.credential)
        let redactor = authentication.redactor

        var headers = HeaderList(session.configuration.headers)
        headers.set(contentsOf: request.headers)
        headers.set(contentsOf: authentication.headers)
        if let type = request.contentTypeOverride {
            headers.set("Content-Type", type)
        } else if let type = request.bodyContentType, !headers.contains("Content-Type") {
            headers.set("Content-Type", type)
        }
        if !headers.contains("User-Agent") { headers.set("User-Agent", userAgent) }

        let url = try session.url(path: request.path, query: request.query + authentication.query)
        var message = HTTPRequestMessage(method: request.method, url: url, headers: headers.fields, body: request.body)
        message.credentialHeaders = authentication.credentialHeaders

        let exchange: RESTSession.Exchange
        do {
            exchange = try await session.send(message, context: context)
        } catch {
            throw redactor.redact(error)
        }
        let response = exchange.response
        if let error = HTTPStatusFailure.error(for: response, service: session.service, redactor: redactor) { throw error }

        let decoded = request.method == "HEAD"
            ? HTTPResponseBody(value: "", encoding: .text) : HTTPResponseBody(bytes: response.body, contentType: response.header("Content-Type"))
        let output: JSONValue = [
            "status": .integer(Int64(response.status)), "headers": .object(joinedHeaders(response.headers)), "body": decoded.value,
            "bodyEncoding": .string(decoded.encoding.rawValue), "durationMs": .number(milliseconds(since: started)),
            "attempts": .integer(Int64(exchange.attempts)),
        ]
        return redactor.isEmpty ? output : redactor.redact(output)
    }

    /// Response headers as an object of lowercase names; repeated names joined with ", ".
    static func joinedHeaders(_ fields: [(String, String)]) -> JSONObject {
        var object = JSONObject()
        for (name, value) in fields {
            let key = name.lowercased()
            if let existing = object[key]?.stringValue {
                object[key] = .string("\(existing), \(value)")
            } else {
                object[key] = .string(value)
            }
        }
        return object
    }

    private static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        ((ContinuousClock.now - start) / .microseconds(1)).rounded() / 1000
    }
}

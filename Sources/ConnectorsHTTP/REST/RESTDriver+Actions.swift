import PlugboardCore

extension RESTDriver {
    static let requestAction = ConnectorAction<RESTSession>(
        name: "request", title: "Send a request",
            description: """
                Sends one HTTP request to a path under the connector's base URL and returns the status, headers and body. \
                JSON bodies come back parsed, text as a string, anything else (images, PDFs, archives) as base64. 2xx, 3xx and \
                most 4xx statuses are returned, not raised, so a workflow can branch on them (404 included). Four are raised as \
                errors carrying {status, body}: 401 as authentication_failed (after one retry with a refreshed token for an OAuth2 \
                credential), 403 as permission_denied, 429 as rate_limited (with retryAfter from Retry-After), and 5xx as \
                upstream_error once retries are spent. GET, HEAD, OPTIONS, PUT and DELETE are retried after refused or timed-out \
                connections and 429, 502, 503 and 504; POST and PATCH never are. With pagination, further pages are fetched (Link \
                header, a cursor in the body, a page number or an offset) and their items returned as one array.
                """,
        annotations: ActionAnnotations(readOnly: false, destructive: false, idempotent: false), input: RESTRequestInput.self,
        outputSchema: requestOutputSchema, run: runRequest)

    static let requestOutputSchema = Schema.object(
        [
            "status": Schema.integer(title: "HTTP status", description: "The (last page's) response status."),
            "headers": Schema.map(of: Schema.string(), title: "Response headers", description: "Lowercase names; repeated headers joined with ', '."),
            "body": Schema.any(
                title: "Body", description: "Parsed JSON, text, or base64 as bodyEncoding says; with pagination, every page's items as one array."),
            "bodyEncoding": Schema.string(title: "Body encoding", description: "How body holds the response.", enum: ["json", "text", "base64"]),
            "durationMs": Schema.number(title: "Duration (ms)", description: "From the first attempt to the last byte, retries and pages included."),
            "attempts": Schema.integer(title: "Attempts", description: "HTTP exchanges made, retries and pages included."),
            "pages": Schema.integer(title: "Pages", description: "With pagination: pages fetched."),
            "itemCount": Schema.integer(title: "Items", description: "With pagination: items gathered in body."),
            "truncated": Schema.boolean(title: "Truncated", description: "With pagination: true when maxPages stopped paging before the last page."),
            "next": Schema.object(
                ["query": Schema.map(of: .object(RESTQueryValue.fieldSchema), title: "Query"), "path": Schema.string(title: "Path")],
                title: "Next", description: "With truncated: merge into the input (query parameters, or the path) to continue from the next page."),
        ], required: ["status", "headers", "body", "bodyEncoding", "durationMs"])

    @Sendable static func runRequest(_ session: RESTSession, _ input: RESTRequestInput, _ context: CallContext) async throws -> JSONValue {
        let started = ContinuousClock.now
        let request = try session.request(for: input)
        if let pagination = input.pagination?.http(maxBytes: session.configuration.maxResponseBytes) {
            return try await runPaginated(session, request, pagination, context: context, started: started)
        }
        let exchange = try await session.client.exchange(request, context: context)
        let response = exchange.response
        try session.client.check(response, context: context)
        let decoded = input.method == .head
            ? HTTPResponseBody(value: "", encoding: .text) : HTTPResponseBody(bytes: response.body, contentType: response.header("Content-Type"))
        return [
            "status": .integer(Int64(response.status)), "headers": .object(HeaderList.joinedObject(response.headers)), "body": decoded.value,
            "bodyEncoding": .string(decoded.encoding.rawValue), "durationMs": .number(milliseconds(since: started)),
            "attempts": .integer(Int64(exchange.attempts)),
        ]
    }

    static func milliseconds(since start: ContinuousClock.Instant) -> Double {
        ((ContinuousClock.now - start) / .microseconds(1)).rounded() / 1000
    }
}

import PlugboardCore

extension RESTDriver {
    /// Fetches page after page as `pagination` says and returns every page's items as one array in `body`,
    /// with `pages`, `truncated` (the page cap stopped it before the API said it was done) and `next` (what to
    /// send to continue).
    static func runPaginated(
        _ session: RESTSession, _ request: HTTPServiceRequest, _ pagination: HTTPPagination, context: CallContext,
        started: ContinuousClock.Instant
    ) async throws -> JSONValue {
        let pages = try await session.client.pages(request, pagination, context: context)
        var output: JSONObject = [
            "status": .integer(Int64(pages.last.status)), "headers": .object(HeaderList.joinedObject(pages.last.headers)),
            "body": .array(pages.items), "bodyEncoding": "json", "durationMs": .number(milliseconds(since: started)),
            "attempts": .integer(Int64(pages.attempts)), "pages": .integer(Int64(pages.pages)),
            "itemCount": .integer(Int64(pages.items.count)), "truncated": .bool(pages.continuation != nil),
        ]
        switch pages.continuation {
        case .url(let url):
            if let path = relativePath(of: url, under: session.basePrefix) { output["next"] = ["path": .string(path)] }
        case .query(let name, let value):
            output["next"] = ["query": .object([name: value])]
        case nil:
            break
        }
        return .object(output)
    }

    /// `url` as a path under the base URL, for `next`, so the caller can continue with it as `path`.
    private static func relativePath(of url: String, under base: String) -> String? {
        guard url.hasPrefix(base) else { return nil }
        let rest = String(url.dropFirst(base.count))
        return rest.isEmpty || rest.hasPrefix("/") || rest.hasPrefix("?") ? rest : nil
    }
}

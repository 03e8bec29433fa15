import Foundation
import PlugboardCore

extension RESTDriver {
    /// Fetches page after page as `pagination` says and returns every page's items as one array in `body`,
    /// with `pages`, `truncated` (the page cap stopped it before the API said it was done) and `next` (what to
    /// send to continue). The pages' bodies together may not exceed the connector's maximum response size.
    static func runPaginated(_ call: inout RESTCall, _ pagination: RESTPagination, started: ContinuousClock.Instant) async throws -> JSONValue {
        let query = call.request.query
        var target: RESTCall.Target =
            pagination.style == .page ? .query(replacing(pagination.pageParameter, with: String(pagination.startPage), in: query)) : .query(query)
        var items: [JSONValue] = []
        var pages = 0
        var attempts = 0
        var bytes = 0
        var page = pagination.startPage
        var previousCursor: String?
        var last: HTTPResponseMessage
        var continuation: (target: RESTCall.Target, next: JSONValue)?
        repeat {
            let url = try call.url(for: target)
            let exchange = try await call.send(to: target)
            last = exchange.response
            pages += 1
            attempts += exchange.attempts
            bytes += last.body.count
            guard bytes <= call.session.configuration.maxResponseBytes else { throw tooLarge(pages: pages, service: call.session.service) }
            let pageItems = try self.items(of: last, page: pages, pagination: pagination, call: call)
            items += pageItems
            continuation = nil
            guard !pageItems.isEmpty else { break }
            switch pagination.style {
            case .link:
                if let next = try nextLink(after: last, at: url, session: call.session) {
                    continuation = (.absolute(next), relativePath(of: next, under: call.session).map { ["path": .string($0)] } ?? .null)
                }
            case .cursor:
                if let cursor = pagination.cursor?.value(in: (try? JSONParser.parse(last.body)) ?? .null).flatMap(cursorText),
                    !cursor.isEmpty, cursor != previousCursor
                {
                    previousCursor = cursor
                    continuation = (
                        .query(replacing(pagination.cursorParameter, with: cursor, in: query)),
                        ["query": .object([pagination.cursorParameter: .string(cursor)])]
                    )
                }
            case .page:
                page += 1
                continuation = (
                    .query(replacing(pagination.pageParameter, with: String(page), in: query)),
                    ["query": .object([pagination.pageParameter: .integer(Int64(page))])]
                )
            case .none:
                break
            }
            if let continuation { target = continuation.target }
        } while continuation != nil && pages < pagination.maxPages

        var output: JSONObject = [
            "status": .integer(Int64(last.status)), "headers": .object(HeaderList.joinedObject(last.headers)), "body": .array(items),
            "bodyEncoding": "json", "durationMs": .number(milliseconds(since: started)), "attempts": .integer(Int64(attempts)),
            "pages": .integer(Int64(pages)), "itemCount": .integer(Int64(items.count)), "truncated": .bool(continuation != nil),
        ]
        if let next = continuation?.next, next != .null { output["next"] = next }
        let redactor = call.redactor
        return redactor.isEmpty ? .object(output) : redactor.redact(.object(output))
    }

    /// `query` with every `name` removed and `name=value` added at the end.
    private static func replacing(_ name: String, with value: String, in query: [(String, String)]) -> [(String, String)] {
        query.filter { $0.0 != name } + [(name, value)]
    }

    private static func cursorText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .integer, .number: return value.jsonString()
        default: return nil
        }
    }

    /// The page's items at the items path; a page that is not 2xx JSON with an array there stops paging with an error.
    private static func items(of response: HTTPResponseMessage, page: Int, pagination: RESTPagination, call: RESTCall) throws(ConnectorError) -> [JSONValue] {
        let service = call.session.service
        guard (200..<300).contains(response.status) else {
            throw ConnectorError(
                .upstreamError, message: "Page \(page) from \(service) answered HTTP \(response.status); paging stopped.",
                cause: "Paging expects every page to succeed.", fix: "Check the path, query and pagination settings.", retryable: false,
                details: ["status": .integer(Int64(response.status)), "page": .integer(Int64(page)),
                          "body": .string(call.redactor.redact(HTTPStatusFailure.excerpt(response.body)))])
        }
        guard let document = try? JSONParser.parse(response.body) else {
            throw ConnectorError(
                .upstreamError, message: "Page \(page) from \(service) is not JSON (\(response.header("Content-Type") ?? "no content type")).",
                cause: "Pagination gathers items from JSON bodies.", fix: "Use pagination only with an API that answers in JSON.",
                retryable: false)
        }
        guard let items = pagination.items.value(in: document)?.arrayValue else {
            let path = pagination.items.description.isEmpty ? "the body itself" : "'\(pagination.items.description)'"
            throw ConnectorError(
                .invalidInput, message: "Page \(page) from \(service) has no array at \(path).",
                cause: "pagination.itemsPath does not lead to the list of items in the response.",
                fix: "Set itemsPath to where the items are, such as data or results.items; leave it empty when the body is the array.",
                field: "pagination.itemsPath")
        }
        return items
    }

    /// The absolute `rel="next"` URL of a response, refused when it leaves the connector's base URL's origin.
    private static func nextLink(after response: HTTPResponseMessage, at current: String, session: RESTSession) throws(ConnectorError) -> String? {
        let values = response.headers.filter { $0.0.caseInsensitiveCompare("Link") == .orderedSame }.map(\.1)
        guard let link = LinkHeader.target(rel: "next", in: values), let base = URL(string: current),
            let next = URL(string: link, relativeTo: base)?.absoluteURL
        else { return nil }
        guard let origin = URL(string: session.basePrefix), sameOrigin(next, origin) else {
            throw ConnectorError(
                .upstreamError, message: "The next page link of \(session.service) points to another host (\(next.host ?? "unknown")).",
                cause: "Plugboard follows pages only under the connector's base URL, so the credential is never sent elsewhere.",
                fix: "Page by cursor or page number instead, or make a connector for the other host.", retryable: false)
        }
        return next.absoluteString
    }

    private static func sameOrigin(_ first: URL, _ second: URL) -> Bool {
        func port(_ url: URL) -> Int { url.port ?? (url.scheme?.lowercased() == "https" ? 443 : 80) }
        return first.scheme?.lowercased() == second.scheme?.lowercased() && first.host?.lowercased() == second.host?.lowercased()
            && port(first) == port(second)
    }

    /// `url` as a path under the base URL, for `next`, so the caller can continue with it as `path`.
    private static func relativePath(of url: String, under session: RESTSession) -> String? {
        guard url.hasPrefix(session.basePrefix) else { return nil }
        let rest = String(url.dropFirst(session.basePrefix.count))
        return rest.isEmpty || rest.hasPrefix("/") || rest.hasPrefix("?") ? rest : nil
    }

    private static func tooLarge(pages: Int, service: String) -> ConnectorError {
        ConnectorError(
            .payloadTooLarge, message: "The \(pages) pages from \(service) together are larger than the maximum response size.",
            cause: "Paging gathers every page in one answer, which the connector's maximum response size bounds.",
            fix: "Lower pagination.maxPages and continue with next, ask for smaller pages, or raise maxResponseBytes.")
    }
}

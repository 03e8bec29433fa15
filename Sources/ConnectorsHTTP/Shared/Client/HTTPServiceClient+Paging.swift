import Foundation
import PlugboardCore

extension HTTPServiceClient {
    /// Sends `request`, then the next page's request as `pagination` says, until the service says it is done, a page
    /// has no items, or `maxPages`; returns every page's items in order. Every page must succeed and be JSON with an
    /// array at the items path.
    public func pages(_ request: HTTPServiceRequest, _ pagination: HTTPPagination, context: CallContext) async throws(ConnectorError) -> HTTPPages {
        var current = request
        switch pagination.next {
        case .pageNumber(let parameter, let first), .offset(let parameter, let first):
            current = Self.setting(parameter, to: .integer(Int64(first)), in: request, pagination.parameterPlace)
        case .linkHeader, .cursor:
            break
        }
        var result = HTTPPages(items: [], pages: 0, attempts: 0, last: HTTPResponseMessage(status: 0, headers: [], body: []))
        var bytes = 0
        var previousCursor: String?
        repeat {
            if let limit = pagination.itemLimit {
                let size = min(limit.pageSize, limit.count - result.items.count)
                current = Self.setting(limit.sizeParameter, to: .integer(Int64(size)), in: current, pagination.parameterPlace)
            }
            let exchange = try await self.exchange(current, context: context)
            result.last = exchange.response
            result.pages += 1
            result.attempts += exchange.attempts
            try check(exchange.response, context: context)
            bytes += exchange.response.body.count
            guard bytes <= pagination.maxBytes else { throw tooLarge(pages: result.pages) }
            let (document, items) = try pageItems(exchange.response, page: result.pages, pagination: pagination, context: context)
            result.items += items
            result.continuation = nil
            guard !items.isEmpty else { break }
            switch pagination.next {
            case .linkHeader:
                guard let next = try nextLink(after: exchange.response, at: url(for: current, with: HTTPAuthentication())) else { break }
                current = .to(next, method: request.method, headers: request.headers, body: request.body)
                result.continuation = .url(next)
            case .cursor(let path, let parameter):
                guard let cursor = path.value(in: document).flatMap(Self.cursorText), !cursor.isEmpty, cursor != previousCursor else { break }
                previousCursor = cursor
                current = Self.setting(parameter, to: .string(cursor), in: request, pagination.parameterPlace)
                result.continuation = .query(parameter, .string(cursor))
            case .pageNumber(let parameter, let first):
                let page = first + result.pages
                current = Self.setting(parameter, to: .integer(Int64(page)), in: request, pagination.parameterPlace)
                result.continuation = .query(parameter, .integer(Int64(page)))
            case .offset(let parameter, let first):
                let offset = first + result.items.count
                current = Self.setting(parameter, to: .integer(Int64(offset)), in: request, pagination.parameterPlace)
                result.continuation = .query(parameter, .integer(Int64(offset)))
            }
        } while result.continuation != nil && result.pages < pagination.maxPages && result.items.count < (pagination.itemLimit?.count ?? .max)
        return result
    }

    /// `request` with its paging parameter `name` set to `value`: in the query (every `name` removed, `name=value` added
    /// at the end), or as a member of its JSON object body.
    private static func setting(
        _ name: String, to value: JSONValue, in request: HTTPServiceRequest, _ place: HTTPPagination.ParameterPlace
    ) -> HTTPServiceRequest {
        var next = request
        switch place {
        case .query:
            next.query = request.query.filter { $0.0 != name } + [(name, value.stringValue ?? value.jsonString())]
        case .jsonBody(let under):
            let body = request.body.flatMap { try? JSONParser.parse($0) } ?? [:]
            next.body = setting(name, to: value, in: body, under: under[...]).jsonBytes()
        }
        return next
    }

    /// `object` with `name` set inside the objects `path` names, each made when missing.
    private static func setting(_ name: String, to value: JSONValue, in object: JSONValue, under path: ArraySlice<String>) -> JSONValue {
        var members = object.objectValue ?? [:]
        if let first = path.first {
            members[first] = setting(name, to: value, in: members[first] ?? [:], under: path.dropFirst())
        } else {
            members[name] = value
        }
        return .object(members)
    }

    private static func cursorText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): return text
        case .integer, .number: return value.jsonString()
        default: return nil
        }
    }

    /// The page's JSON body and its items at the items path.
    private func pageItems(
        _ response: HTTPResponseMessage, page: Int, pagination: HTTPPagination, context: CallContext
    ) throws(ConnectorError) -> (JSONValue, [JSONValue]) {
        guard (200..<300).contains(response.status) else {
            throw ConnectorError(
                .upstreamError, message: "Page \(page) from \(service.name) answered HTTP \(response.status); paging stopped.",
                cause: "Paging expects every page to succeed.", fix: "Check the path, query and pagination settings.", retryable: false,
                details: ["status": .integer(Int64(response.status)), "page": .integer(Int64(page)),
                          "body": .string(context.redactor.redact(HTTPStatusFailure.excerpt(response.body)))])
        }
        // 204 No Content is a page with no items (amoCRM answers an empty list so), and ends the paging.
        if response.status == 204 { return (.null, []) }
        guard let document = try? JSONParser.parse(response.body) else {
            throw ConnectorError(
                .upstreamError, message: "Page \(page) from \(service.name) is not JSON (\(response.header("Content-Type") ?? "no content type")).",
                cause: "Paging gathers items from JSON bodies.", fix: "Page only through an API that answers in JSON.", retryable: false)
        }
        guard let items = pagination.items.value(in: document)?.arrayValue else {
            let path = pagination.items.description.isEmpty ? "the body itself" : "'\(pagination.items.description)'"
            guard let field = pagination.itemsField else {
                throw ConnectorError(
                    .upstreamError, message: "Page \(page) from \(service.name) has no array at \(path).",
                    cause: "The service answered a list in a shape Plugboard does not expect.", retryable: false)
            }
            throw ConnectorError(
                .invalidInput, message: "Page \(page) from \(service.name) has no array at \(path).",
                cause: "The items path does not lead to the list of items in the response.",
                fix: "Set it to where the items are, such as data or results.items; leave it empty when the body is the array.",
                field: field)
        }
        return (document, items)
    }

    /// The absolute `rel="next"` URL of a response, refused when it leaves the base URL's origin (the credential
    /// would go with it).
    private func nextLink(after response: HTTPResponseMessage, at current: String) throws(ConnectorError) -> String? {
        let values = response.headers.filter { $0.0.equalsIgnoringASCIICase("Link") }.map(\.1)
        guard let link = LinkHeader.target(rel: "next", in: values), let base = URL(string: current),
            let next = URL(string: link, relativeTo: base)?.absoluteURL
        else { return nil }
        guard let origin = URL(string: service.baseURL), Self.sameOrigin(next, origin) else {
            throw ConnectorError(
                .upstreamError, message: "The next page link of \(service.name) points to another host (\(next.host ?? "unknown")).",
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

    private func tooLarge(pages: Int) -> ConnectorError {
        ConnectorError(
            .payloadTooLarge, message: "The \(pages) pages from \(service.name) together are larger than the maximum response size.",
            cause: "Paging gathers every page in one answer, which the connector's maximum response size bounds.",
            fix: "Fetch fewer pages at once and continue from next, ask for smaller pages, or raise maxResponseBytes.")
    }
}

import HTTPTypes
import Hummingbird
import PlugboardCore

extension UpstreamServer {
    /// Items the paging routes serve: `{"id": 1}` … `{"id": 5}`.
    public static let pagedItemCount = 5

    /// Paged lists of `pagedItemCount` items, `per` (default 2) to a page, in the four styles APIs use:
    /// - `/pages/link?page=N` answers the page's array with a `Link` header naming `rel="next"` (absolute, from the
    ///   Host header) while more remain; `away=1` points the next link at another host instead;
    /// - `/pages/cursor?cursor=cK` answers `{"data": {"items": [...]}, "meta": {"next_cursor": "cK" or null}}`;
    /// - `/pages/number?page=N` answers `{"results": [...]}`, empty after the last page;
    /// - `/pages/offset?offset=K&limit=L` answers `{"items": [...]}` from item K, empty after the last item.
    static func addPagingRoutes(to router: Router<BasicRequestContext>) {
        router.get("/pages/link") { request, _ in
            let query = RecordedRequest.parseQuery(request.uri.query)
            let per = integer("per", in: query) ?? 2
            let page = integer("page", in: query) ?? 1
            let items = slice(from: (page - 1) * per, count: per)
            var response = json(.array(items))
            let host = request.head.authority ?? "127.0.0.1"
            if query.contains(where: { $0 == ("away", "1") }) {
                response.headers[linkField] = #"<http://203.0.113.9/pages/link?page=2>; rel="next""#
            } else if page * per < pagedItemCount {
                let pageURL = { (number: Int) in "http://\(host)/pages/link?per=\(per)&page=\(number)" }
                response.headers[linkField] = #"<\#(pageURL(1))>; rel="first", <\#(pageURL(page + 1))>; rel="next""#
            }
            return response
        }
        router.get("/pages/cursor") { request, _ in
            let query = RecordedRequest.parseQuery(request.uri.query)
            let per = integer("per", in: query) ?? 2
            let start = query.first { $0.0 == "cursor" }.flatMap { Int($0.1.dropFirst()) } ?? 0
            let end = start + per
            let next: JSONValue = end < pagedItemCount ? .string("c\(end)") : .null
            return json(["data": ["items": .array(slice(from: start, count: per))], "meta": ["next_cursor": next]])
        }
        router.get("/pages/number") { request, _ in
            let query = RecordedRequest.parseQuery(request.uri.query)
            let per = integer("per", in: query) ?? 2
            let page = integer("page", in: query) ?? 1
            return json(["results": .array(slice(from: (page - 1) * per, count: per))])
        }
        router.get("/pages/offset") { request, _ in
            let query = RecordedRequest.parseQuery(request.uri.query)
            let limit = integer("limit", in: query) ?? 2
            return json(["items": .array(slice(from: integer("offset", in: query) ?? 0, count: limit))])
        }
    }

    private static let linkField = HTTPField.Name("Link")!

    private static func integer(_ name: String, in query: [(String, String)]) -> Int? {
        query.first { $0.0 == name }.flatMap { Int($0.1) }
    }

    private static func slice(from start: Int, count: Int) -> [JSONValue] {
        guard start >= 0, count > 0, start < pagedItemCount else { return [] }
        return (start..<min(pagedItemCount, start + count)).map { ["id": .integer(Int64($0 + 1))] }
    }
}

import PlugboardCore

/// How the `request` action follows further pages and gathers their items into one list.
struct RESTPagination: FieldSet {
    /// Where the next page is named.
    enum Style: String, FieldChoice {
        /// The `Link` response header's `rel="next"` URL (GitHub, GitLab, many REST APIs).
        case link
        /// A cursor in the body, sent back in a query parameter (Slack, Stripe-like APIs).
        case cursor
        /// A page number in a query parameter, counting up until a page comes back empty.
        case page
        /// An item offset in a query parameter, advanced by each page's item count until a page comes back empty.
        case offset
        /// One request.
        case none
    }

    var style = Style.none
    /// Where each page's items are; the empty path means the body is the array.
    var items = JSONPath.document
    var maxPages = 10
    /// Cursor style: where the next cursor is in the body.
    var cursor: JSONPath?
    /// Cursor style: the query parameter it is sent in.
    var cursorParameter = ""
    /// Page style: the query parameter that carries the page number.
    var pageParameter = "page"
    /// Page style: the first page's number.
    var startPage = 1
    /// Offset style: the query parameter that carries the offset.
    var offsetParameter = "offset"
    /// Offset style: the first page's offset.
    var startOffset = 0

    static let fields = FieldList<Self>(
        title: "Pagination",
        description: """
            Follow further pages and return every page's items as one JSON array in body (each page must be JSON). \
            Stops at the last page, an empty page, or maxPages.
            """
    ) {
        Field(
            "style", \.style, title: "Style",
            description: """
                link: follow the Link header's rel="next" URL. cursor: read the next cursor at cursorPath and send it in \
                the cursorParam query parameter. page: send pageParam = startPage, startPage+1, … until a page has no items. \
                offset: send offsetParam = startOffset, then advance it by each page's item count until a page has no items \
                (set the page size with your own query parameter, such as limit). none: one request.
                """, required: true)
        Field(
            "itemsPath", \.items, title: "Items path",
            description: "Where each page's items are in its JSON body, such as data or results.items; leave empty when the body itself is the array.")
        Field(
            "maxPages", \.maxPages, title: "Maximum pages", description: "Pages fetched at most; the output's truncated says whether more were left.",
            minimum: 1, maximum: 1000)
        Field(
            "cursorPath", \.cursor, title: "Cursor path",
            description: "cursor style: where the next cursor is in the body, such as meta.next_cursor. Paging stops when it is missing, null or empty.")
        Field(
            "cursorParam", \.cursorParameter, title: "Cursor parameter",
            description: "cursor style: the query parameter the cursor is sent in, such as cursor or starting_after.")
        Field("pageParam", \.pageParameter, title: "Page parameter", description: "page style: the query parameter that carries the page number.", minLength: 1)
        Field("startPage", \.startPage, title: "First page", description: "page style: the first page's number.", minimum: 0, maximum: 1_000_000)
        Field(
            "offsetParam", \.offsetParameter, title: "Offset parameter", description: "offset style: the query parameter that carries the offset.",
            minLength: 1)
        Field("startOffset", \.startOffset, title: "First offset", description: "offset style: the first page's offset.", minimum: 0)
    }

    /// The service client's paging, bounded by `maxBytes` for all pages together; nil for `none`.
    func http(maxBytes: Int) -> HTTPPagination? {
        let next: HTTPPagination.Next
        switch style {
        case .none: return nil
        case .link: next = .linkHeader
        case .cursor: next = .cursor(path: cursor ?? .document, parameter: cursorParameter)
        case .page: next = .pageNumber(parameter: pageParameter, first: startPage)
        case .offset: next = .offset(parameter: offsetParameter, first: startOffset)
        }
        return HTTPPagination(next: next, items: items, maxPages: maxPages, maxBytes: maxBytes, itemsField: "pagination.itemsPath")
    }

    /// Cursor paging needs both where the cursor is and where it goes.
    func validate() throws(ConnectorError) {
        guard style == .cursor else { return }
        guard let cursor, !cursor.steps.isEmpty else {
            throw .invalidInput("Cursor paging needs cursorPath: where the next cursor is in the body, such as meta.next_cursor.", field: "cursorPath")
        }
        guard !cursorParameter.isEmpty else {
            throw .invalidInput("Cursor paging needs cursorParam: the query parameter the cursor is sent in, such as cursor.", field: "cursorParam")
        }
    }
}

import PlugboardCore

/// How the `request` action follows further pages and gathers their items into one list.
struct RESTPagination {
    /// Where the next page is named.
    enum Style: String, CaseIterable {
        /// The `Link` response header's `rel="next"` URL (GitHub, GitLab, many REST APIs).
        case link
        /// A cursor in the body, sent back in a query parameter (Slack, Stripe-like APIs).
        case cursor
        /// A page number in a query parameter, counting up until a page comes back empty.
        case page
    }

    static let defaultMaxPages = 10
    static let maximumPages = 1000

    var style: Style
    /// Where each page's items are; the empty path means the body is the array.
    var items: JSONPath
    var maxPages = defaultMaxPages
    /// Cursor style: where the next cursor is in the body.
    var cursor: JSONPath?
    /// Cursor style: the query parameter it is sent in.
    var cursorParameter = ""
    /// Page style: the query parameter that carries the page number.
    var pageParameter = "page"
    /// Page style: the first page's number.
    var startPage = 1

    /// The pagination `value` asks for; nil when it is absent, null or `{"style": "none"}`.
    init?(_ value: JSONValue?) throws(ConnectorError) {
        guard let value, value != .null else { return nil }
        guard let object = value.objectValue else {
            throw .invalidInput("pagination must be an object such as {\"style\": \"link\", \"itemsPath\": \"data\"}.", field: "pagination")
        }
        let styleName = object["style"]?.stringValue ?? ""
        if styleName == "none" { return nil }
        guard let style = Style(rawValue: styleName) else {
            throw .invalidInput("pagination.style must be link, cursor, page or none.", field: "pagination.style")
        }
        self.style = style
        items = try JSONPath(Self.string(object, "itemsPath") ?? "", field: "pagination.itemsPath")
        if let pages = object["maxPages"], pages != .null {
            guard let count = pages.integerValue, (1...Int64(Self.maximumPages)).contains(count) else {
                throw .invalidInput("pagination.maxPages must be a whole number from 1 to \(Self.maximumPages).", field: "pagination.maxPages")
            }
            maxPages = Int(count)
        }
        switch style {
        case .link:
            break
        case .cursor:
            guard let path = try Self.string(object, "cursorPath"), !path.isEmpty else {
                throw .invalidInput("Cursor paging needs cursorPath: where the next cursor is in the body, such as meta.next_cursor.", field: "pagination.cursorPath")
            }
            cursor = try JSONPath(path, field: "pagination.cursorPath")
            guard let parameter = try Self.string(object, "cursorParam"), !parameter.isEmpty else {
                throw .invalidInput("Cursor paging needs cursorParam: the query parameter the cursor is sent in, such as cursor.", field: "pagination.cursorParam")
            }
            cursorParameter = parameter
        case .page:
            if let parameter = try Self.string(object, "pageParam") {
                guard !parameter.isEmpty else { throw .invalidInput("pagination.pageParam must not be empty.", field: "pagination.pageParam") }
                pageParameter = parameter
            }
            if let start = object["startPage"], start != .null {
                guard let number = start.integerValue, (0...1_000_000).contains(number) else {
                    throw .invalidInput("pagination.startPage must be a whole number from 0.", field: "pagination.startPage")
                }
                startPage = Int(number)
            }
        }
    }

    private static func string(_ object: JSONObject, _ key: String) throws(ConnectorError) -> String? {
        guard let value = object[key], value != .null else { return nil }
        guard let text = value.stringValue else { throw .invalidInput("pagination.\(key) must be a string.", field: "pagination.\(key)") }
        return text
    }

    /// The input schema of `pagination`.
    static let schema = Schema.object(
        [
            "style": Schema.string(
                title: "Style",
                description: """
                    link: follow the Link header's rel="next" URL. cursor: read the next cursor at cursorPath and send it in \
                    the cursorParam query parameter. page: send pageParam = startPage, startPage+1, … until a page has no items. \
                    none: one request.
                    """,
                enum: ["link", "cursor", "page", "none"]),
            "itemsPath": Schema.string(
                title: "Items path",
                description: "Where each page's items are in its JSON body, such as data or results.items; leave empty when the body itself is the array."),
            "maxPages": Schema.integer(
                title: "Maximum pages", description: "Pages fetched at most; the output's truncated says whether more were left.",
                default: defaultMaxPages, minimum: 1, maximum: maximumPages),
            "cursorPath": Schema.string(title: "Cursor path", description: "cursor style: where the next cursor is in the body, such as meta.next_cursor. Paging stops when it is missing, null or empty."),
            "cursorParam": Schema.string(title: "Cursor parameter", description: "cursor style: the query parameter the cursor is sent in, such as cursor or starting_after."),
            "pageParam": Schema.string(title: "Page parameter", description: "page style: the query parameter that carries the page number.", default: "page"),
            "startPage": Schema.integer(title: "First page", description: "page style: the first page's number.", default: 1, minimum: 0),
        ], required: ["style"], title: "Pagination",
        description: """
            Follow further pages and return every page's items as one JSON array in body (each page must be JSON). \
            Stops at the last page, an empty page, or maxPages.
            """)
}

import PlugboardCore

/// How a list endpoint hands out its items page by page, as a node declares it (or its user chooses): where the next
/// page is named, where each page's items are, and how far to go.
public struct HTTPPagination: Sendable {
    /// Where the next page is named.
    public enum Next: Sendable {
        /// The `Link` response header's `rel="next"` URL (GitHub, GitLab); followed only under the base URL's origin.
        case linkHeader
        /// A cursor in the body, at `path`, sent back in the query `parameter` (Slack, Stripe, Linear); paging stops when
        /// it is missing, empty or repeats.
        case cursor(path: JSONPath, parameter: String)
        /// A page number in the query `parameter`, from `first` up until a page has no items.
        case pageNumber(parameter: String, first: Int)
        /// An item offset in the query `parameter`, from `first`, advanced by each page's item count until a page has
        /// no items (Bitrix24's `start`, Outline's `offset`).
        case offset(parameter: String, first: Int)
    }

    /// Where a cursor, page number or offset parameter goes.
    public enum ParameterPlace: Sendable {
        /// The query string.
        case query
        /// A member of the request's JSON object body, inside the objects named by `under` (none: at the top, as
        /// Outline's `POST /api/documents.list` takes `offset`; `["variables"]`: a GraphQL request's variables).
        case jsonBody(under: [String])
    }

    /// A caller's limit on items: paging stops once `count` are gathered, each page asking (in `sizeParameter`, where
    /// the parameters go) for no more than remain and at most `pageSize`, so the last page never overshoots and the
    /// continuation names exactly the next item (Google's `maxResults`).
    public struct ItemLimit: Sendable {
        public var count: Int
        public var sizeParameter: String
        public var pageSize: Int

        public init(count: Int, sizeParameter: String, pageSize: Int) {
            self.count = count
            self.sizeParameter = sizeParameter
            self.pageSize = pageSize
        }
    }

    public var next: Next
    public var parameterPlace = ParameterPlace.query
    /// Stops paging at a number of items, sizing each page to it; nil pages until the service is done or `maxPages`.
    public var itemLimit: ItemLimit?
    /// Where each page's items are in its JSON body; the empty path means the body is the array.
    public var items: JSONPath
    /// Pages fetched at most.
    public var maxPages: Int
    /// The most bytes the pages' bodies may take together.
    public var maxBytes: Int
    /// The input field that chose `items`, named in the error when a page has no array there; nil when the node
    /// itself declared the path (the service then answered something unexpected).
    public var itemsField: String?

    public init(next: Next, items: JSONPath = .document, maxPages: Int, maxBytes: Int, itemsField: String? = nil) {
        self.next = next
        self.items = items
        self.maxPages = maxPages
        self.maxBytes = maxBytes
        self.itemsField = itemsField
    }
}

/// Every page's items gathered, and where paging stopped.
public struct HTTPPages: Sendable {
    /// The items of every page, in order.
    public var items: [JSONValue]
    /// Pages fetched.
    public var pages: Int
    /// HTTP exchanges made, retries included.
    public var attempts: Int
    /// The last page's response.
    public var last: HTTPResponseMessage
    /// What to send to go on, when `maxPages` stopped paging before the service said it was done.
    public var continuation: Continuation?

    /// Where the next page is, for a caller who continues later.
    public enum Continuation: Sendable, Equatable {
        /// The next page's whole URL (a `Link` header's).
        case url(String)
        /// The query parameter to set, and its value (a cursor, a page number, an offset).
        case query(String, JSONValue)
    }
}

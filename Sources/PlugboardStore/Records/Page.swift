/// One page of a list, with the total that matched.
public struct Page<Item: Sendable>: Sendable {
    /// The page's items, in the list's order.
    public var items: [Item]
    /// How many items matched in all pages.
    public var total: Int
    /// The page size that was asked for, after clamping.
    public var limit: Int
    /// How many matching items come before this page.
    public var offset: Int

    public init(items: [Item], total: Int, limit: Int, offset: Int) {
        self.items = items
        self.total = total
        self.limit = limit
        self.offset = offset
    }
}

/// Which part of a list to read.
public struct PageRequest: Sendable, Hashable {
    /// The largest page a list returns.
    public static let maximumLimit = 500
    /// Items per page, 1 through `maximumLimit`.
    public var limit: Int
    /// Items skipped before the page; never negative.
    public var offset: Int

    /// A request for a page; a limit outside 1...`maximumLimit` and a negative offset are clamped.
    public init(limit: Int = 50, offset: Int = 0) {
        self.limit = min(max(1, limit), Self.maximumLimit)
        self.offset = max(0, offset)
    }
}

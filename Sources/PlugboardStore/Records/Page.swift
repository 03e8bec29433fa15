/// One page of a list, with the total that matched.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var total: Int
    public var limit: Int
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
    public static let maximumLimit = 500
    public var limit: Int
    public var offset: Int

    public init(limit: Int = 50, offset: Int = 0) {
        self.limit = min(max(1, limit), Self.maximumLimit)
        self.offset = max(0, offset)
    }
}

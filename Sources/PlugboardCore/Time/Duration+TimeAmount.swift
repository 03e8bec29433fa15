import NIOCore

extension Duration {
    /// The duration as NIO's `TimeAmount`, saturating like `nanoseconds`.
    public var timeAmount: TimeAmount { .nanoseconds(nanoseconds) }
}

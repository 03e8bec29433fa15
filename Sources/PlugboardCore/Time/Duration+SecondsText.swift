extension Duration {
    /// Rounded for messages: `30 s`, `0.5 s`, `40 ms`.
    public var secondsText: String {
        let nanoseconds = max(0, self.nanoseconds)
        if nanoseconds < 100_000_000 { return "\((nanoseconds + 500_000) / 1_000_000) ms" }
        let tenths = (nanoseconds + 50_000_000) / 100_000_000
        return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
    }
}

extension StringProtocol {
    /// Whether `self` and `other` are equal when ASCII letters are compared without case, as HTTP header names are.
    /// Compares UTF-8 bytes directly: Foundation's `caseInsensitiveCompare` costs far more on every request.
    public func equalsIgnoringASCIICase(_ other: some StringProtocol) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        var mine = utf8.makeIterator()
        var theirs = other.utf8.makeIterator()
        while true {
            switch (mine.next(), theirs.next()) {
            case (nil, nil):
                return true
            case (let a?, let b?):
                guard a == b || Self.lowercased(a) == Self.lowercased(b) else { return false }
            default:
                return false
            }
        }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }
}

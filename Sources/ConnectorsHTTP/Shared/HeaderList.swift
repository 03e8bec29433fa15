/// Ordered HTTP header fields with case-insensitive replacement, as request builders need them.
public struct HeaderList: Sendable {
    public private(set) var fields: [(String, String)]

    public init(_ fields: [(String, String)] = []) {
        self.fields = fields
    }

    /// Sets `name` to `value`, removing every earlier field of that name.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    /// Sets each field in turn, so later ones replace earlier ones of the same name.
    public mutating func set(contentsOf other: [(String, String)]) {
        for (name, value) in other { set(name, value) }
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { $0.0.caseInsensitiveCompare(name) == .orderedSame }
    }

    public func contains(_ name: String) -> Bool {
        fields.contains { $0.0.caseInsensitiveCompare(name) == .orderedSame }
    }
}

/// Ordered HTTP header fields with case-insensitive replacement, as request builders need them.
public struct HeaderList: Sendable {
    /// The fields in order, as the transport sends them.
    public private(set) var fields: [(String, String)]

    /// A list starting with `fields`, kept as given.
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

    /// Removes every field named `name`, in any case.
    public mutating func remove(_ name: String) {
        fields.removeAll { $0.0.equalsIgnoringASCIICase(name) }
    }

    /// Whether a field named `name` is present, in any case.
    public func contains(_ name: String) -> Bool {
        fields.contains { $0.0.equalsIgnoringASCIICase(name) }
    }
}

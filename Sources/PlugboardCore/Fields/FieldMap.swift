/// Names to values in the order they were written: headers, query parameters, form fields.
///
/// Order matters on the wire (headers go out as the user wrote them), which `[String: String]` loses; tuples
/// (`[(String, String)]`, today's representation) cannot conform to `FieldValue` nor be `Equatable`.
/// Setting a name that is already there keeps its position, as `JSONObject` does.
public struct FieldMap<Value: FieldValue>: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    /// The names, in order.
    public private(set) var keys: [String] = []
    private var storage: [String: Value] = [:]

    /// An empty map.
    public init() {}

    /// A map from name-value pairs in order; a repeated name keeps its first position and its last value.
    public init<Pairs: Sequence>(_ pairs: Pairs) where Pairs.Element == (String, Value) {
        for (name, value) in pairs { self[name] = value }
    }

    /// A map from a literal, keeping the literal's order.
    public init(dictionaryLiteral elements: (String, Value)...) {
        self.init(elements)
    }

    /// The number of names.
    public var count: Int { keys.count }
    /// Whether the map has no names.
    public var isEmpty: Bool { keys.isEmpty }

    /// Reads or writes the value for a name (case-sensitive); writing nil removes it.
    public subscript(name: String) -> Value? {
        get { storage[name] }
        set {
            if let newValue {
                if storage.updateValue(newValue, forKey: name) == nil { keys.append(name) }
            } else if storage.removeValue(forKey: name) != nil {
                keys.removeAll { $0 == name }
            }
        }
    }

    /// The pairs in order, as the HTTP code takes them (`[(String, String)]` for headers).
    public var pairs: [(String, Value)] {
        keys.compactMap { name in storage[name].map { (name, $0) } }
    }

    /// Iterates the pairs in order.
    public func makeIterator() -> IndexingIterator<[(name: String, value: Value)]> {
        keys.compactMap { name in storage[name].map { (name: name, value: $0) } }.makeIterator()
    }
}

extension FieldMap: Equatable where Value: Equatable {
    /// Maps are equal when they hold the same pairs in the same order.
    public static func == (lhs: FieldMap, rhs: FieldMap) -> Bool {
        lhs.keys == rhs.keys && lhs.storage == rhs.storage
    }
}

extension FieldMap: Hashable where Value: Hashable {
    /// Hashes the pairs in order, matching `==`.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(keys)
        for name in keys { hasher.combine(storage[name]) }
    }
}

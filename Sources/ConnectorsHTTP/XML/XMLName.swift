/// An expanded XML name: a namespace URI (nil for none) and a local name.
public struct XMLName: Sendable, Hashable, CustomStringConvertible {
    /// The namespace URI, nil when the name is in no namespace.
    public var namespace: String?
    /// The name without its prefix.
    public var localName: String

    /// A name in `namespace` (nil or empty for none).
    public init(_ namespace: String?, _ localName: String) {
        self.namespace = (namespace?.isEmpty ?? true) ? nil : namespace
        self.localName = localName
    }

    /// Clark notation, `{namespace}local`, or the local name alone.
    public var description: String {
        namespace.map { "{\($0)}\(localName)" } ?? localName
    }
}

/// The namespace bindings in scope at an element: prefix to URI, the empty prefix for the default namespace.
public struct XMLNamespaceScope: Sendable, Hashable {
    /// The reserved `xml` prefix's namespace.
    public static let xmlNamespace = "http://www.w3.org/XML/1998/namespace"
    /// The reserved `xmlns` prefix's namespace.
    public static let xmlnsNamespace = "http://www.w3.org/2000/xmlns/"

    /// Prefix to namespace URI; `""` is the default namespace.
    public private(set) var bindings: [String: String]

    /// A scope with only the `xml` prefix bound.
    public init(bindings: [String: String] = [:]) {
        var all = bindings
        all["xml"] = Self.xmlNamespace
        self.bindings = all
    }

    /// The URI bound to `prefix`, nil when unbound (or, for `""`, when no default namespace is set).
    public func uri(for prefix: String) -> String? {
        guard let uri = bindings[prefix], !uri.isEmpty else { return nil }
        return uri
    }

    /// Binds `prefix` to `uri`; an empty URI with the empty prefix undeclares the default namespace.
    public mutating func bind(_ prefix: String, to uri: String) {
        bindings[prefix] = uri
    }

    /// A prefix bound to `uri`, preferring a non-empty one when `allowDefault` is false.
    public func prefix(for uri: String, allowDefault: Bool) -> String? {
        if allowDefault, bindings[""] == uri { return "" }
        return bindings.filter { $0.key != "" && $0.value == uri }.map(\.key).min()
    }

    /// Resolves a QName written in content or an attribute value (`tns:Order`, `Order`); nil for an unbound prefix.
    /// An unprefixed name takes the default namespace, as XSD and WSDL read QName values.
    public func resolve(_ qualifiedName: String) -> XMLName? {
        let trimmed = qualifiedName.trimmingXMLWhitespace()
        guard let colon = trimmed.firstIndex(of: ":") else { return XMLName(uri(for: ""), trimmed) }
        let prefix = String(trimmed[..<colon])
        let local = String(trimmed[trimmed.index(after: colon)...])
        guard let namespace = uri(for: prefix), !local.isEmpty else { return nil }
        return XMLName(namespace, local)
    }
}

extension String {
    /// The string without leading and trailing XML whitespace (space, tab, CR, LF).
    public func trimmingXMLWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(self[first...last])
    }
}

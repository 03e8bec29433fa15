/// One node of a parsed or built XML tree.
public enum XMLTreeNode: Sendable, Hashable {
    /// A child element.
    case element(XMLTreeElement)
    /// Character data; CDATA sections arrive as text too.
    case text(String)
    /// A comment's content.
    case comment(String)
    /// A processing instruction's target and data.
    case processingInstruction(target: String, data: String)
}

/// An attribute with its expanded name.
public struct XMLTreeAttribute: Sendable, Hashable {
    /// The expanded name; unprefixed attributes are in no namespace.
    public var name: XMLName
    /// The prefix as written, or the one the writer should prefer.
    public var prefix: String?
    /// The value, entities expanded and whitespace normalized.
    public var value: String

    public init(_ name: XMLName, prefix: String? = nil, value: String) {
        self.name = name
        self.prefix = prefix
        self.value = value
    }
}

/// A namespace declaration (`xmlns:p="uri"`, or `xmlns="uri"` with an empty prefix).
public struct XMLNamespaceDeclaration: Sendable, Hashable {
    /// The declared prefix; empty for the default namespace.
    public var prefix: String
    /// The namespace URI; empty undeclares the default namespace.
    public var uri: String

    public init(prefix: String, uri: String) {
        self.prefix = prefix
        self.uri = uri
    }
}

/// An XML element: its expanded name, attributes, namespace declarations and children.
///
/// Made by `XMLTreeParser` (with `scope` filled in) or built by code for `XMLTreeWriter`.
public struct XMLTreeElement: Sendable, Hashable {
    /// The expanded name.
    public var name: XMLName
    /// The prefix as written, or the one the writer should prefer; nil lets the writer choose.
    public var prefix: String?
    /// Attributes other than namespace declarations, in document order.
    public var attributes: [XMLTreeAttribute]
    /// Namespace declarations made on this element.
    public var namespaceDeclarations: [XMLNamespaceDeclaration]
    /// Children in document order.
    public var children: [XMLTreeNode]
    /// Bindings in scope at this element, for resolving QName values (`type="tns:Order"`); empty for built elements.
    public var scope: XMLNamespaceScope

    public init(
        _ name: XMLName, prefix: String? = nil, attributes: [XMLTreeAttribute] = [], namespaceDeclarations: [XMLNamespaceDeclaration] = [],
        children: [XMLTreeNode] = [], scope: XMLNamespaceScope = XMLNamespaceScope()
    ) {
        self.name = name
        self.prefix = prefix
        self.attributes = attributes
        self.namespaceDeclarations = namespaceDeclarations
        self.children = children
        self.scope = scope
    }

    /// An element holding only `text`.
    public init(_ name: XMLName, prefix: String? = nil, text: String) {
        self.init(name, prefix: prefix, children: [.text(text)])
    }
}

extension XMLTreeElement {
    /// The child elements, in order.
    public var elements: [XMLTreeElement] {
        children.compactMap { if case .element(let element) = $0 { return element } else { return nil } }
    }

    /// Child elements with this local name, in `namespace` when given.
    public func elements(named localName: String, namespace: String? = nil) -> [XMLTreeElement] {
        elements.filter { $0.name.localName == localName && (namespace == nil || $0.name.namespace == namespace) }
    }

    /// The first child element with this local name, in `namespace` when given.
    public func element(named localName: String, namespace: String? = nil) -> XMLTreeElement? {
        elements.first { $0.name.localName == localName && (namespace == nil || $0.name.namespace == namespace) }
    }

    /// The concatenated text of the direct children (text and CDATA).
    public var text: String {
        var result = ""
        for child in children { if case .text(let text) = child { result += text } }
        return result
    }

    /// The value of the unprefixed attribute `localName`, or of the one in `namespace` when given.
    public func attribute(_ localName: String, namespace: String? = nil) -> String? {
        attributes.first { $0.name.localName == localName && $0.name.namespace == namespace }?.value
    }

    /// Resolves a QName-valued attribute (`type`, `element`, `message`) against the bindings in scope.
    public func qualifiedAttribute(_ localName: String) -> XMLName? {
        attribute(localName).flatMap { scope.resolve($0) }
    }

    /// Whether the element has child elements.
    public var hasElements: Bool {
        children.contains { if case .element = $0 { return true } else { return false } }
    }
}

/// A small, safe XML 1.0 parser with namespaces, producing an `XMLTreeElement` tree.
///
/// It never reads a DTD: any DOCTYPE is refused (with a reason naming entity declarations when it has them), so
/// external entities are never fetched and entity expansion cannot blow up. Only the five predefined entities and
/// numeric character references are expanded. Size, depth, attribute and node counts are bounded by `XMLParseLimits`.
public struct XMLTreeParser {
    let bytes: [UInt8]
    var index = 0
    let limits: XMLParseLimits
    var nodeCount = 0

    /// Parses a whole UTF-8 document and returns its root element.
    public static func parse(_ bytes: [UInt8], limits: XMLParseLimits = XMLParseLimits()) throws(XMLParseError) -> XMLTreeElement {
        guard bytes.count <= limits.maxBytes else {
            throw XMLParseError(.limit, "The document has \(bytes.count) bytes, more than the limit of \(limits.maxBytes).")
        }
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw XMLParseError(.syntax, "The document is not valid UTF-8.")
        }
        var parser = XMLTreeParser(bytes: bytes, limits: limits)
        return try parser.parseDocument()
    }

    /// Parses a document given as a string.
    public static func parse(_ text: String, limits: XMLParseLimits = XMLParseLimits()) throws(XMLParseError) -> XMLTreeElement {
        try parse(Array(text.utf8), limits: limits)
    }

    private init(bytes: [UInt8], limits: XMLParseLimits) {
        self.bytes = bytes
        self.limits = limits
    }

    private mutating func parseDocument() throws(XMLParseError) -> XMLTreeElement {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { index = 3 }
        var root: XMLTreeElement?
        var first = true
        while true {
            skipWhitespace()
            guard index < bytes.count else { break }
            if has("<?") {
                let (target, data) = try parseProcessingInstruction()
                if target.lowercased() == "xml" {
                    guard first else { throw error(.syntax, "The XML declaration must come first.") }
                    try checkDeclaration(data)
                }
            } else if has("<!--") {
                _ = try parseComment()
            } else if has("<!DOCTYPE") {
                throw doctypeRefusal()
            } else if has("<") {
                guard root == nil else { throw error(.syntax, "The document has more than one root element.") }
                root = try parseElement(parentScope: XMLNamespaceScope(), depth: 1)
            } else {
                throw error(.syntax, root == nil ? "Expected the root element." : "Unexpected content after the root element.")
            }
            first = false
        }
        guard let root else { throw error(.syntax, "The document has no root element.") }
        return root
    }

    private func checkDeclaration(_ data: String) throws(XMLParseError) {
        guard let range = data.range(of: "encoding") else { return }
        let rest = data[range.upperBound...].drop { $0 == " " || $0 == "=" || $0 == "\t" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return }
        let name = rest.dropFirst().prefix { $0 != quote }.lowercased()
        guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(name) else {
            throw error(.syntax, "The document declares the encoding '\(name)'; only UTF-8 is accepted.")
        }
    }

    /// The refusal for a DOCTYPE, naming entity declarations when the internal subset has any.
    private func doctypeRefusal() -> XMLParseError {
        let rest = bytes[index...].prefix(1 << 20)
        let declaresEntity = String(decoding: rest, as: UTF8.self).contains("<!ENTITY")
        if declaresEntity {
            return error(
                .entityDeclaration,
                "The document has a DOCTYPE declaring entities (<!ENTITY>); entity declarations are refused, so external entities (XXE) are never read and entity expansion (billion laughs) cannot run.")
        }
        return error(.doctype, "The document has a DOCTYPE; document type definitions are refused (SOAP forbids them in messages).")
    }

    // MARK: Elements

    private mutating func parseElement(parentScope: XMLNamespaceScope, depth: Int) throws(XMLParseError) -> XMLTreeElement {
        guard depth <= limits.maxDepth else { throw error(.limit, "Elements are nested deeper than the limit of \(limits.maxDepth).") }
        try countNode()
        index += 1  // <
        let rawName = try readName()
        var rawAttributes: [(String, String)] = []
        var selfClosing = false
        while true {
            let hadSpace = skipWhitespace()
            guard index < bytes.count else { throw error(.syntax, "The start tag of '\(rawName)' is not closed.") }
            if has("/>") { index += 2; selfClosing = true; break }
            if bytes[index] == UInt8(ascii: ">") { index += 1; break }
            guard hadSpace else { throw error(.syntax, "Attributes of '\(rawName)' must be separated by whitespace.") }
            let attributeName = try readName()
            skipWhitespace()
            try expect(UInt8(ascii: "="), "'=' after the attribute '\(attributeName)'")
            skipWhitespace()
            let value = try readAttributeValue()
            if rawAttributes.contains(where: { $0.0 == attributeName }) {
                throw error(.syntax, "The attribute '\(attributeName)' appears twice on '\(rawName)'.")
            }
            rawAttributes.append((attributeName, value))
            guard rawAttributes.count <= limits.maxAttributes else {
                throw error(.limit, "'\(rawName)' has more attributes than the limit of \(limits.maxAttributes).")
            }
        }
        var element = try resolve(rawName, rawAttributes, parentScope: parentScope)
        if selfClosing { return element }
        try parseContent(into: &element, rawName: rawName, depth: depth)
        return element
    }

    private mutating func parseContent(into element: inout XMLTreeElement, rawName: String, depth: Int) throws(XMLParseError) {
        var text = ""
        var hasText = false
        func flush(_ element: inout XMLTreeElement, _ text: inout String, _ hasText: inout Bool) {
            if hasText { element.children.append(.text(text)) }
            text = ""
            hasText = false
        }
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                if has("</") {
                    flush(&element, &text, &hasText)
                    index += 2
                    let closing = try readName()
                    guard closing == rawName else {
                        throw error(.syntax, "The end tag '\(closing)' does not match the start tag '\(rawName)'.")
                    }
                    skipWhitespace()
                    try expect(UInt8(ascii: ">"), "'>' to close the end tag of '\(rawName)'")
                    return
                } else if has("<![CDATA[") {
                    if !hasText { try countNode() }
                    text += try parseCDATA()
                    hasText = true
                } else if has("<!--") {
                    flush(&element, &text, &hasText)
                    try countNode()
                    element.children.append(.comment(try parseComment()))
                } else if has("<?") {
                    flush(&element, &text, &hasText)
                    try countNode()
                    let (target, data) = try parseProcessingInstruction()
                    guard target.lowercased() != "xml" else { throw error(.syntax, "An XML declaration may appear only at the start.") }
                    element.children.append(.processingInstruction(target: target, data: data))
                } else if has("<!DOCTYPE") {
                    throw doctypeRefusal()
                } else if has("<!") {
                    throw error(.syntax, "Unexpected markup declaration inside '\(rawName)'.")
                } else {
                    flush(&element, &text, &hasText)
                    element.children.append(.element(try parseElement(parentScope: element.scope, depth: depth + 1)))
                }
            } else {
                if !hasText { try countNode() }
                text += try readText()
                hasText = true
            }
        }
        throw error(.syntax, "The element '\(rawName)' is not closed.")
    }

    /// Applies the element's namespace declarations and expands its name and attribute names.
    private func resolve(_ rawName: String, _ rawAttributes: [(String, String)], parentScope: XMLNamespaceScope) throws(XMLParseError) -> XMLTreeElement {
        var scope = parentScope
        var declarations: [XMLNamespaceDeclaration] = []
        for (name, value) in rawAttributes {
            if name == "xmlns" {
                scope.bind("", to: value)
                declarations.append(XMLNamespaceDeclaration(prefix: "", uri: value))
            } else if name.hasPrefix("xmlns:") {
                let prefix = String(name.dropFirst(6))
                guard !value.isEmpty else { throw error(.syntax, "The prefix '\(prefix)' cannot be bound to an empty namespace.") }
                guard prefix != "xml", prefix != "xmlns" else { throw error(.syntax, "The prefix '\(prefix)' is reserved.") }
                scope.bind(prefix, to: value)
                declarations.append(XMLNamespaceDeclaration(prefix: prefix, uri: value))
            }
        }
        let (prefix, local) = split(rawName)
        let namespace: String?
        if let prefix {
            guard let uri = scope.uri(for: prefix) else { throw error(.syntax, "The prefix '\(prefix)' of '\(rawName)' is not declared.") }
            namespace = uri
        } else {
            namespace = scope.uri(for: "")
        }
        var attributes: [XMLTreeAttribute] = []
        for (name, value) in rawAttributes where name != "xmlns" && !name.hasPrefix("xmlns:") {
            let (attributePrefix, attributeLocal) = split(name)
            var attributeNamespace: String?
            if let attributePrefix {
                guard let uri = scope.uri(for: attributePrefix) else {
                    throw error(.syntax, "The prefix '\(attributePrefix)' of the attribute '\(name)' is not declared.")
                }
                attributeNamespace = uri
            }
            let expanded = XMLName(attributeNamespace, attributeLocal)
            guard !attributes.contains(where: { $0.name == expanded }) else {
                throw error(.syntax, "The attribute '\(expanded)' appears twice on '\(rawName)'.")
            }
            attributes.append(XMLTreeAttribute(expanded, prefix: attributePrefix, value: value))
        }
        return XMLTreeElement(
            XMLName(namespace, local), prefix: prefix, attributes: attributes, namespaceDeclarations: declarations, scope: scope)
    }

    private func split(_ name: String) -> (String?, String) {
        guard let colon = name.firstIndex(of: ":") else { return (nil, name) }
        return (String(name[..<colon]), String(name[name.index(after: colon)...]))
    }

    mutating func countNode() throws(XMLParseError) {
        nodeCount += 1
        guard nodeCount <= limits.maxNodes else { throw error(.limit, "The document has more nodes than the limit of \(limits.maxNodes).") }
    }
}

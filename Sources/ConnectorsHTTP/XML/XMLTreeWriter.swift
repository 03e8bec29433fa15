/// Serializes `XMLTreeElement` trees as UTF-8 XML, escaping text and attribute values and declaring every namespace
/// an element or attribute uses that is not yet in scope.
///
/// Characters XML 1.0 cannot carry (most control characters) are written as U+FFFD; callers that must refuse them
/// check `XMLTreeWriter.isRepresentable` first.
public struct XMLTreeWriter {
    private var output = ""
    private var generated = 0

    /// The document's text, with an XML declaration when `declaration` is true.
    public static func string(_ root: XMLTreeElement, declaration: Bool = true) -> String {
        var writer = XMLTreeWriter()
        if declaration { writer.output += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>" }
        writer.write(root, scope: XMLNamespaceScope())
        return writer.output
    }

    /// The document as UTF-8 bytes.
    public static func bytes(_ root: XMLTreeElement, declaration: Bool = true) -> [UInt8] {
        Array(string(root, declaration: declaration).utf8)
    }

    /// Whether every character of `text` can appear in an XML 1.0 document.
    public static func isRepresentable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { XMLTreeParser.isXMLCharacter($0.value) }
    }

    private mutating func write(_ element: XMLTreeElement, scope parentScope: XMLNamespaceScope) {
        var scope = parentScope
        var declarations: [XMLNamespaceDeclaration] = []
        func declare(_ prefix: String, _ uri: String) {
            scope.bind(prefix, to: uri)
            declarations.removeAll { $0.prefix == prefix }
            declarations.append(XMLNamespaceDeclaration(prefix: prefix, uri: uri))
        }
        for declaration in element.namespaceDeclarations where parentScope.bindings[declaration.prefix] != declaration.uri {
            declare(declaration.prefix, declaration.uri)
        }
        let qualified: String
        if let namespace = element.name.namespace {
            let prefix: String
            if let wanted = element.prefix {
                prefix = wanted
                if scope.bindings[wanted] != namespace { declare(wanted, namespace) }
            } else if let bound = scope.prefix(for: namespace, allowDefault: true) {
                prefix = bound
            } else {
                prefix = ""
                declare("", namespace)
            }
            qualified = prefix.isEmpty ? element.name.localName : "\(prefix):\(element.name.localName)"
        } else {
            if scope.uri(for: "") != nil { declare("", "") }
            qualified = element.name.localName
        }
        var attributeText = ""
        for attribute in element.attributes {
            var name = attribute.name.localName
            if let namespace = attribute.name.namespace {
                var prefix = attribute.prefix.flatMap { scope.bindings[$0] == namespace ? $0 : nil } ?? scope.prefix(for: namespace, allowDefault: false)
                if prefix == nil {
                    let fresh = attribute.prefix.flatMap { scope.bindings[$0] == nil && !$0.isEmpty ? $0 : nil } ?? nextPrefix(scope)
                    declare(fresh, namespace)
                    prefix = fresh
                }
                if let prefix { name = "\(prefix):\(name)" }
            }
            attributeText += " \(name)=\"\(Self.escapeAttribute(attribute.value))\""
        }
        output += "<\(qualified)"
        for declaration in declarations {
            let name = declaration.prefix.isEmpty ? "xmlns" : "xmlns:\(declaration.prefix)"
            output += " \(name)=\"\(Self.escapeAttribute(declaration.uri))\""
        }
        output += attributeText
        guard !element.children.isEmpty else {
            output += "/>"
            return
        }
        output += ">"
        for child in element.children {
            switch child {
            case .element(let child): write(child, scope: scope)
            case .text(let text): output += Self.escapeText(text)
            case .comment(let text): output += "<!--\(Self.clean(text).replacingOccurrences(of: "--", with: "- -"))-->"
            case .processingInstruction(let target, let data):
                output += "<?\(target) \(Self.clean(data).replacingOccurrences(of: "?>", with: "? >"))?>"
            }
        }
        output += "</\(qualified)>"
    }

    private mutating func nextPrefix(_ scope: XMLNamespaceScope) -> String {
        while true {
            generated += 1
            let candidate = "ns\(generated)"
            if scope.bindings[candidate] == nil { return candidate }
        }
    }

    /// Text with `&`, `<` and `>` escaped and CR kept as a reference.
    public static func escapeText(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(XMLTreeParser.isXMLCharacter(scalar.value) ? scalar : "\u{FFFD}")
            }
        }
        return result
    }

    /// An attribute value with markup, quotes and whitespace other than spaces escaped.
    public static func escapeAttribute(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "\t": result += "&#9;"
            case "\n": result += "&#10;"
            case "\r": result += "&#13;"
            default: result.unicodeScalars.append(XMLTreeParser.isXMLCharacter(scalar.value) ? scalar : "\u{FFFD}")
            }
        }
        return result
    }

    private static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { XMLTreeParser.isXMLCharacter($0.value) ? $0 : "\u{FFFD}" }))
    }
}

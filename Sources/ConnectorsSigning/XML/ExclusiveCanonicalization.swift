import ConnectorsHTTP

/// Exclusive XML Canonicalization 1.0 (https://www.w3.org/TR/xml-exc-c14n/) of an element and everything in it:
/// start and end tags for empty elements, attributes sorted by namespace and local name, only the namespace
/// declarations an element visibly uses (its own prefix and its attributes' prefixes, plus the `InclusiveNamespaces`
/// prefix list) and not already rendered by an output ancestor, C14N's escapes, comments only when asked. Checked
/// byte for byte against `xmllint --exc-c14n` and through `xmlsec1`.
public struct ExclusiveCanonicalization: Sendable {
    public var withComments: Bool
    /// Prefixes treated as in inclusive C14N (`#default` for the default namespace).
    public var inclusivePrefixes: Set<String>

    public init(withComments: Bool = false, inclusivePrefixes: Set<String> = []) {
        self.withComments = withComments
        self.inclusivePrefixes = inclusivePrefixes
    }

    /// The canonical bytes of `element`; `bindings` are the namespaces in scope at it (its parsed scope by default).
    public func canonicalize(_ element: XMLTreeElement, bindings: [String: String]? = nil) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(4096)
        write(element, bindings: bindings ?? element.scope.bindings, rendered: [:], into: &output)
        return output
    }

    private func write(_ element: XMLTreeElement, bindings inherited: [String: String], rendered: [String: String], into output: inout [UInt8]) {
        var bindings = inherited
        for declaration in element.namespaceDeclarations { bindings[declaration.prefix] = declaration.uri }
        let name = qualifiedName(element.name, prefix: element.prefix, bindings: bindings, isElement: true)
        var used: Set<String> = [name.prefix]
        for attribute in element.attributes where attribute.name.namespace != nil {
            let prefix = qualifiedName(attribute.name, prefix: attribute.prefix, bindings: bindings, isElement: false).prefix
            if prefix != "xml" { used.insert(prefix) }
        }
        for prefix in inclusivePrefixes {
            let key = prefix == "#default" ? "" : prefix
            if bindings[key] != nil { used.insert(key) }
        }
        var renderedHere = rendered
        var declarations: [(String, String)] = []
        for prefix in used.sorted() where prefix != "xml" {
            let uri = bindings[prefix] ?? ""
            if prefix.isEmpty {
                guard uri != (rendered[""] ?? "") else { continue }
            } else {
                guard !uri.isEmpty, rendered[prefix] != uri else { continue }
            }
            declarations.append((prefix, uri))
            renderedHere[prefix] = uri
        }
        output.append(UInt8(ascii: "<"))
        output += name.text.utf8
        for (prefix, uri) in declarations {
            output += (prefix.isEmpty ? " xmlns=\"" : " xmlns:\(prefix)=\"").utf8
            escapeAttribute(uri, into: &output)
            output.append(UInt8(ascii: "\""))
        }
        let attributes = element.attributes.map { attribute in
            (key: (attribute.name.namespace ?? "", attribute.name.localName),
             name: qualifiedName(attribute.name, prefix: attribute.prefix, bindings: bindings, isElement: false).text, value: attribute.value)
        }.sorted { $0.key.0 != $1.key.0 ? $0.key.0 < $1.key.0 : $0.key.1 < $1.key.1 }
        for attribute in attributes {
            output += " \(attribute.name)=\"".utf8
            escapeAttribute(attribute.value, into: &output)
            output.append(UInt8(ascii: "\""))
        }
        output.append(UInt8(ascii: ">"))
        for child in element.children {
            switch child {
            case .element(let inner): write(inner, bindings: bindings, rendered: renderedHere, into: &output)
            case .text(let text): escapeText(text, into: &output)
            case .comment(let text):
                if withComments { output += "<!--\(text)-->".utf8 }
            case .processingInstruction(let target, let data):
                output += (data.isEmpty ? "<?\(target)?>" : "<?\(target) \(data)?>").utf8
            }
        }
        output += "</\(name.text)>".utf8
    }

    /// The name as written: its prefix (as parsed, or one bound to its namespace), and `prefix:local`.
    private func qualifiedName(_ name: XMLName, prefix given: String?, bindings: [String: String], isElement: Bool) -> (prefix: String, text: String) {
        var prefix = given ?? ""
        if let namespace = name.namespace {
            if namespace == XMLNamespaceScope.xmlNamespace {
                prefix = "xml"
            } else if bindings[prefix] != namespace || (prefix.isEmpty && !isElement) {
                prefix = bindings.filter { $0.value == namespace && (isElement || !$0.key.isEmpty) }.map(\.key).min() ?? prefix
            }
        } else if !isElement {
            prefix = ""
        }
        return (prefix, prefix.isEmpty ? name.localName : "\(prefix):\(name.localName)")
    }

    private func escapeText(_ text: String, into output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output += "&amp;".utf8
            case UInt8(ascii: "<"): output += "&lt;".utf8
            case UInt8(ascii: ">"): output += "&gt;".utf8
            case 0x0D: output += "&#xD;".utf8
            default: output.append(byte)
            }
        }
    }

    private func escapeAttribute(_ text: String, into output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): output += "&amp;".utf8
            case UInt8(ascii: "<"): output += "&lt;".utf8
            case UInt8(ascii: "\""): output += "&quot;".utf8
            case 0x09: output += "&#x9;".utf8
            case 0x0A: output += "&#xA;".utf8
            case 0x0D: output += "&#xD;".utf8
            default: output.append(byte)
            }
        }
    }
}

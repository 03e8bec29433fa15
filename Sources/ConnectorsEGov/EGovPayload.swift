import ConnectorsHTTP
import PlugboardCore

/// A service's payload as the `data` element: XML given as it is (one or more elements, their namespaces declared
/// in them), or JSON mapped to XML (members become elements in order, arrays repeat their element, null is empty,
/// numbers and booleans are text), with an optional `xsi:type`.
enum EGovPayload {
    static let instance = "http://www.w3.org/2001/XMLSchema-instance"

    static func data(xml: String?, json: JSONValue?, type: String?, typeNamespace: String?) throws(ConnectorError) -> XMLTreeElement {
        var data = XMLTreeElement(XMLName(nil, "data"))
        if let xml {
            do {
                data.children = try XMLTreeParser.parse("<data>" + xml + "</data>").children
            } catch {
                throw .invalidInput("The payload XML could not be read: \(error)", field: "xml")
            }
        } else if let json {
            guard let object = json.objectValue else { throw .invalidInput("Give the JSON payload as an object.", field: "json") }
            for (name, value) in object { data.children += try elements(name, value) }
        } else {
            throw .invalidInput("Give the payload as xml or json.", field: "xml")
        }
        if let type {
            data.namespaceDeclarations.append(XMLNamespaceDeclaration(prefix: "xsi", uri: instance))
            var value = type
            if let typeNamespace {
                data.namespaceDeclarations.append(XMLNamespaceDeclaration(prefix: "pt", uri: typeNamespace))
                value = "pt:" + type
            }
            data.attributes.append(XMLTreeAttribute(XMLName(instance, "type"), prefix: "xsi", value: value))
        }
        return data
    }

    /// The elements a JSON member becomes.
    static func elements(_ name: String, _ value: JSONValue) throws(ConnectorError) -> [XMLTreeNode] {
        guard let first = name.unicodeScalars.first, first.properties.isAlphabetic || first == "_",
            name.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0) })
        else { throw .invalidInput("'\(name)' cannot be an XML element name.", field: "json") }
        switch value {
        case .array(let items):
            var nodes: [XMLTreeNode] = []
            for item in items { nodes += try elements(name, item) }
            return nodes
        case .object(let members):
            var children: [XMLTreeNode] = []
            for (key, inner) in members { children += try elements(key, inner) }
            return [.element(XMLTreeElement(XMLName(nil, name), children: children))]
        case .null:
            return [.element(XMLTreeElement(XMLName(nil, name)))]
        default:
            return [.element(XMLTreeElement(XMLName(nil, name), text: value.stringValue ?? value.jsonString()))]
        }
    }
}

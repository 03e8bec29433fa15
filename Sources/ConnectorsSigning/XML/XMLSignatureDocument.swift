import ConnectorsHTTP
import PlugboardCore

/// Reading a document to sign or verify, and putting a signature into it without rewriting the rest.
enum XMLSignatureDocument {
    /// The document's root; any DOCTYPE is refused, as everywhere.
    static func parse(_ text: String) throws(ConnectorError) -> XMLTreeElement {
        do {
            return try XMLTreeParser.parse(text)
        } catch {
            throw .invalidInput("The XML could not be read: \(error)", field: "xml")
        }
    }

    /// `text` with `fragment` as the root element's last child: before its end tag, or in place of `/>`.
    static func insert(_ fragment: String, intoRootOf text: String, root: XMLTreeElement) throws(ConnectorError) -> String {
        let qualified = (root.prefix.map { $0.isEmpty ? "" : $0 + ":" } ?? "") + root.name.localName
        if let end = text.range(of: "</" + qualified, options: .backwards) {
            return String(text[..<end.lowerBound]) + fragment + String(text[end.lowerBound...])
        }
        guard let close = text.range(of: "/>", options: .backwards) else {
            throw .invalidInput("The root element's end could not be found.", field: "xml")
        }
        return String(text[..<close.lowerBound]) + ">" + fragment + "</" + qualified + ">" + String(text[close.upperBound...])
    }
}

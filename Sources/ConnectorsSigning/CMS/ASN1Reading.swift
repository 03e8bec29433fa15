import PlugboardCore
import SwiftASN1

/// Small steps for walking a parsed BER tree by hand (CMS structures swift-certificates keeps internal).
extension ASN1Node {
    /// The node's children; none for a primitive node.
    var children: [ASN1Node] {
        if case .constructed(let nodes) = content { return Array(nodes) }
        return []
    }

    /// A primitive node's content bytes, or a constructed string's chunks joined (BER allows both).
    var bytes: [UInt8] {
        switch content {
        case .primitive(let bytes): return Array(bytes)
        case .constructed(let nodes): return nodes.flatMap(\.bytes)
        }
    }

    /// Whether the node is the context-specific `[number]` tag.
    func isContext(_ number: UInt) -> Bool {
        identifier.tagClass == .contextSpecific && identifier.tagNumber == number
    }

    /// The object identifier this node holds.
    func objectIdentifier() throws -> ASN1ObjectIdentifier {
        try ASN1ObjectIdentifier(berEncoded: self)
    }
}

/// A CMS structure that does not read as one.
struct CMSFormatError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}

extension ASN1Node {
    /// The child at `index`, or a format error naming `what`.
    func child(_ index: Int, _ what: String) throws -> ASN1Node {
        let all = children
        guard index < all.count else { throw CMSFormatError("\(what) is missing") }
        return all[index]
    }
}

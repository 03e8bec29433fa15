import ConnectorsHTTP

/// Finding elements in a parsed tree by path (child-element indexes from the root) and by Id, as signatures need.
struct XMLTreePaths {
    /// The local names of attributes that identify an element for `URI="#…"` references: `Id` (XML Signature, WS-Security's
    /// `wsu:Id`), `ID` (SAML) and `id`.
    static let idNames: Set<String> = ["Id", "ID", "id"]

    /// Every element under `root` (itself included) with its path, in document order.
    static func all(_ root: XMLTreeElement) -> [(path: [Int], element: XMLTreeElement)] {
        var found: [(path: [Int], element: XMLTreeElement)] = []
        func walk(_ element: XMLTreeElement, _ path: [Int]) {
            found.append((path, element))
            var index = 0
            for child in element.children {
                if case .element(let inner) = child { walk(inner, path + [index]) }
                index += 1
            }
        }
        walk(root, [])
        return found
    }

    /// The element at `path`.
    static func element(at path: [Int], in root: XMLTreeElement) -> XMLTreeElement? {
        var current = root
        for index in path {
            guard index < current.children.count, case .element(let inner) = current.children[index] else { return nil }
            current = inner
        }
        return current
    }

    /// `root` without the node at `path`.
    static func removing(_ path: [Int], from root: XMLTreeElement) -> XMLTreeElement {
        guard let first = path.first, first < root.children.count else { return root }
        var copy = root
        if path.count == 1 {
            copy.children.remove(at: first)
        } else if case .element(let inner) = root.children[first] {
            copy.children[first] = .element(removing(Array(path.dropFirst()), from: inner))
        }
        return copy
    }

    /// The elements whose Id-like attribute is `id`.
    static func elements(withID id: String, in root: XMLTreeElement) -> [(path: [Int], element: XMLTreeElement)] {
        all(root).filter { entry in entry.element.attributes.contains { idNames.contains($0.name.localName) && $0.value == id } }
    }

    /// `/Envelope/Body`-style path of local names, for reports.
    static func describe(_ path: [Int], in root: XMLTreeElement) -> String {
        var names = ["/" + root.name.localName]
        var current = root
        for index in path {
            guard case .element(let inner) = current.children[index] else { break }
            names.append(inner.name.localName)
            current = inner
        }
        return names.joined(separator: "/")
    }
}

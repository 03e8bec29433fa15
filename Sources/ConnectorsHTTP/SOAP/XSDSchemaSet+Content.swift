/// A built-in XSD type as JSON carries it.
enum XSDScalarKind: String, Sendable {
    case string, integer, number, boolean
}

/// What a type use stands for once names are looked up.
enum XSDResolvedType: Sendable {
    case scalar(XSDScalarKind, enumeration: [String])
    case complex(XSDComplexType)
    /// xs:anyType, or a type the schemas do not declare: read and written without type information.
    case any
}

/// One child element a complex type's content allows, with its occurrence after flattening groups.
struct XSDContentItem: Sendable {
    var element: XSDElement
    var occurs: XSDOccurs
    /// The JSON property name: the element's local name.
    var key: String { element.name.localName }
}

/// A complex type's content flattened: child elements in order, attributes, and simple content.
struct XSDContent: Sendable {
    var items: [XSDContentItem] = []
    var attributes: [XSDAttribute] = []
    var simpleContent: XSDType?
    /// The content allows elements the schema does not name (xs:any).
    var isOpen = false

    /// The JSON property name of an attribute: its local name, or `@name` when a child element has that name.
    func key(of attribute: XSDAttribute) -> String {
        let name = attribute.name.localName
        return items.contains { $0.key == name } || name == "value" ? "@\(name)" : name
    }
}

extension XSDSchemaSet {
    /// How deep type references are followed; deeper (recursive) types are treated as any.
    static let maxTypeDepth = 10

    func resolve(_ type: XSDType?, depth: Int = 0) -> XSDResolvedType {
        guard let type, depth < Self.maxTypeDepth else { return .any }
        switch type {
        case .complex(let complex):
            return .complex(complex)
        case .simple(let simple):
            return .scalar(scalarKind(of: simple, depth: depth), enumeration: simple.enumeration)
        case .named(let name):
            if let complex = complexTypes[name] { return .complex(complex) }
            if let simple = simpleTypes[name] { return .scalar(scalarKind(of: simple, depth: depth), enumeration: simple.enumeration) }
            if name.localName == "anyType" || name.localName == "anySimpleType" { return .any }
            if let kind = Self.builtinKind(name.localName), name.namespace == Self.namespace || name.namespace?.contains("soap") == true {
                return .scalar(kind, enumeration: [])
            }
            return .any
        }
    }

    private func scalarKind(of simple: XSDSimpleType, depth: Int) -> XSDScalarKind {
        guard !simple.isList, let base = simple.base else { return .string }
        if case .scalar(let kind, _) = resolve(.named(base), depth: depth + 1) { return kind }
        return .string
    }

    static func builtinKind(_ localName: String) -> XSDScalarKind? {
        switch localName {
        case "boolean": return .boolean
        case "int", "integer", "long", "short", "byte", "unsignedInt", "unsignedLong", "unsignedShort", "unsignedByte",
            "nonNegativeInteger", "nonPositiveInteger", "positiveInteger", "negativeInteger":
            return .integer
        case "decimal", "float", "double": return .number
        case "string", "normalizedString", "token", "anyURI", "QName", "NOTATION", "date", "dateTime", "time", "duration", "gYear",
            "gYearMonth", "gMonth", "gMonthDay", "gDay", "base64Binary", "hexBinary", "language", "Name", "NCName", "ID", "IDREF",
            "IDREFS", "ENTITY", "ENTITIES", "NMTOKEN", "NMTOKENS":
            return .string
        default: return nil
        }
    }

    /// The complex type's content, its extension bases' content first.
    func content(of complex: XSDComplexType, depth: Int = 0) -> XSDContent {
        var content = XSDContent()
        if let base = complex.base, depth < Self.maxTypeDepth, let baseType = complexTypes[base] {
            content = self.content(of: baseType, depth: depth + 1)
        }
        if let particle = complex.particle { flatten(particle, optional: false, repeats: false, depth: 0, into: &content) }
        content.attributes += complex.attributes
        for group in complex.attributeGroups { content.attributes += attributeGroups[group] ?? [] }
        if let simple = complex.simpleContent { content.simpleContent = simple }
        return content
    }

    private func flatten(_ particle: XSDParticle, optional: Bool, repeats: Bool, depth: Int, into content: inout XSDContent) {
        guard depth < Self.maxTypeDepth else { return }
        func add(_ element: XSDElement, _ occurs: XSDOccurs) {
            var effective = occurs
            if optional { effective.min = 0 }
            if repeats { effective.max = nil }
            if let index = content.items.firstIndex(where: { $0.key == element.name.localName }) {
                content.items[index].occurs.max = nil
                return
            }
            content.items.append(XSDContentItem(element: element, occurs: effective))
        }
        switch particle {
        case .element(let element):
            add(element, element.occurs)
        case .elementReference(let name, let occurs):
            var element = elements[name] ?? XSDElement(name: name, type: nil, occurs: occurs, nillable: false)
            element.occurs = occurs
            add(element, occurs)
        case .sequence(let children, let occurs), .all(let children, let occurs):
            for child in children {
                flatten(child, optional: optional || occurs.min == 0, repeats: repeats || occurs.repeats, depth: depth + 1, into: &content)
            }
        case .choice(let children, let occurs):
            for child in children {
                flatten(child, optional: true, repeats: repeats || occurs.repeats, depth: depth + 1, into: &content)
            }
        case .groupReference(let name, let occurs):
            guard let group = groups[name] else { return }
            flatten(group, optional: optional || occurs.min == 0, repeats: repeats || occurs.repeats, depth: depth + 1, into: &content)
        case .any:
            content.isOpen = true
        }
    }
}

/// Reads one `xs:schema` element into an `XSDSchemaSet`, returning the schema documents it imports or includes.
struct XSDReader {
    /// A schema document this one refers to.
    struct Reference: Sendable, Hashable {
        var location: String
        /// For an include, the includer's target namespace (adopted by a schema without one).
        var includeNamespace: String?
        var isInclude: Bool
    }

    let targetNamespace: String?
    let qualifiedElements: Bool
    let qualifiedAttributes: Bool

    /// Reads `schema`; `chameleonNamespace` is the includer's namespace for an included schema without its own.
    static func read(_ schema: XMLTreeElement, chameleonNamespace: String? = nil, into set: inout XSDSchemaSet) -> [Reference] {
        let namespace = schema.attribute("targetNamespace") ?? chameleonNamespace
        let reader = XSDReader(
            targetNamespace: namespace, qualifiedElements: schema.attribute("elementFormDefault") == "qualified",
            qualifiedAttributes: schema.attribute("attributeFormDefault") == "qualified")
        var references: [Reference] = []
        for child in schema.elements where child.name.namespace == XSDSchemaSet.namespace {
            let name = child.attribute("name").map { XMLName(namespace, $0) }
            switch child.name.localName {
            case "import":
                if let location = child.attribute("schemaLocation") { references.append(Reference(location: location, isInclude: false)) }
            case "include", "redefine":
                if let location = child.attribute("schemaLocation") {
                    references.append(Reference(location: location, includeNamespace: namespace, isInclude: true))
                }
            case "element":
                if let name { set.elements[name] = reader.element(child, global: true) }
            case "complexType":
                if let name { set.complexTypes[name] = reader.complexType(child, name: name) }
            case "simpleType":
                if let name { set.simpleTypes[name] = reader.simpleType(child, name: name) }
            case "group":
                if let name, let particle = child.elements.compactMap({ reader.particle($0) }).first { set.groups[name] = particle }
            case "attributeGroup":
                if let name { set.attributeGroups[name] = child.elements.compactMap { reader.attribute($0) } }
            default:
                break
            }
        }
        return references
    }

    func occurs(_ node: XMLTreeElement) -> XSDOccurs {
        let min = node.attribute("minOccurs").flatMap { Int($0.trimmingXMLWhitespace()) } ?? 1
        let maxText = node.attribute("maxOccurs")?.trimmingXMLWhitespace()
        let max: Int? = maxText == "unbounded" ? nil : (maxText.flatMap { Int($0) } ?? 1)
        return XSDOccurs(min: Swift.max(0, min), max: max)
    }

    func documentation(_ node: XMLTreeElement) -> String? {
        let text = node.element(named: "annotation")?.element(named: "documentation")?.text.trimmingXMLWhitespace()
        return (text?.isEmpty ?? true) ? nil : text
    }

    func element(_ node: XMLTreeElement, global: Bool) -> XSDElement {
        let local = node.attribute("name") ?? ""
        let qualified = global || (node.attribute("form").map { $0 == "qualified" } ?? qualifiedElements)
        var type: XSDType?
        if let named = node.qualifiedAttribute("type") {
            type = .named(named)
        } else if let inline = node.element(named: "complexType", namespace: XSDSchemaSet.namespace) {
            type = .complex(complexType(inline, name: nil))
        } else if let inline = node.element(named: "simpleType", namespace: XSDSchemaSet.namespace) {
            type = .simple(simpleType(inline, name: nil))
        }
        return XSDElement(
            name: XMLName(qualified ? targetNamespace : nil, local), type: type, occurs: global ? .one : occurs(node),
            nillable: node.attribute("nillable") == "true", documentation: documentation(node))
    }

    func particle(_ node: XMLTreeElement) -> XSDParticle? {
        guard node.name.namespace == XSDSchemaSet.namespace else { return nil }
        let children = { node.elements.compactMap { self.particle($0) } }
        switch node.name.localName {
        case "element":
            if let reference = node.qualifiedAttribute("ref") { return .elementReference(reference, occurs(node)) }
            return .element(element(node, global: false))
        case "sequence": return .sequence(children(), occurs(node))
        case "choice": return .choice(children(), occurs(node))
        case "all": return .all(children(), occurs(node))
        case "group": return node.qualifiedAttribute("ref").map { .groupReference($0, occurs(node)) }
        case "any": return .any(occurs(node))
        default: return nil
        }
    }

    func attribute(_ node: XMLTreeElement) -> XSDAttribute? {
        guard node.name.namespace == XSDSchemaSet.namespace, node.name.localName == "attribute" else { return nil }
        if let reference = node.qualifiedAttribute("ref") {
            return XSDAttribute(name: reference, type: nil, required: node.attribute("use") == "required")
        }
        guard let local = node.attribute("name") else { return nil }
        let qualified = node.attribute("form").map { $0 == "qualified" } ?? qualifiedAttributes
        var type: XSDType? = node.qualifiedAttribute("type").map { .named($0) }
        if type == nil, let inline = node.element(named: "simpleType", namespace: XSDSchemaSet.namespace) {
            type = .simple(simpleType(inline, name: nil))
        }
        return XSDAttribute(name: XMLName(qualified ? targetNamespace : nil, local), type: type, required: node.attribute("use") == "required")
    }

    func complexType(_ node: XMLTreeElement, name: XMLName?) -> XSDComplexType {
        var type = XSDComplexType(name: name, documentation: documentation(node))
        readContent(node, into: &type)
        for content in node.elements where ["complexContent", "simpleContent"].contains(content.name.localName) {
            guard let derivation = content.elements.first(where: { $0.name.localName == "extension" || $0.name.localName == "restriction" })
            else { continue }
            let base = derivation.qualifiedAttribute("base")
            if content.name.localName == "simpleContent" {
                type.simpleContent = base.map { .named($0) }
            } else if derivation.name.localName == "extension" {
                type.base = base
            }
            readContent(derivation, into: &type)
        }
        return type
    }

    private func readContent(_ node: XMLTreeElement, into type: inout XSDComplexType) {
        for child in node.elements where child.name.namespace == XSDSchemaSet.namespace {
            switch child.name.localName {
            case "sequence", "choice", "all", "group": type.particle = particle(child)
            case "attribute": if let attribute = attribute(child) { type.attributes.append(attribute) }
            case "attributeGroup": if let reference = child.qualifiedAttribute("ref") { type.attributeGroups.append(reference) }
            default: break
            }
        }
    }

    func simpleType(_ node: XMLTreeElement, name: XMLName?) -> XSDSimpleType {
        var type = XSDSimpleType(name: name)
        if let restriction = node.element(named: "restriction", namespace: XSDSchemaSet.namespace) {
            type.base = restriction.qualifiedAttribute("base")
            if type.base == nil, let inner = restriction.element(named: "simpleType", namespace: XSDSchemaSet.namespace) {
                type.base = simpleType(inner, name: nil).base
            }
            type.enumeration = restriction.elements(named: "enumeration", namespace: XSDSchemaSet.namespace).compactMap { $0.attribute("value") }
        } else if node.element(named: "list", namespace: XSDSchemaSet.namespace) != nil {
            type.isList = true
        }
        return type
    }
}

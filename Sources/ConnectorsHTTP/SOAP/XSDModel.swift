/// How often a particle may occur; `max` nil means unbounded.
struct XSDOccurs: Sendable, Hashable {
    var min: Int
    var max: Int?

    static let one = XSDOccurs(min: 1, max: 1)

    /// Whether more than one occurrence is allowed, so JSON holds an array.
    var repeats: Bool { max.map { $0 > 1 } ?? true }
}

/// A type use: a named type (built-in or declared) or one declared inline.
indirect enum XSDType: Sendable, Hashable {
    case named(XMLName)
    case complex(XSDComplexType)
    case simple(XSDSimpleType)
}

/// An element declaration or a local element.
struct XSDElement: Sendable, Hashable {
    /// The element's name; local elements of unqualified schemas are in no namespace.
    var name: XMLName
    /// Its type; nil means xs:anyType.
    var type: XSDType?
    var occurs: XSDOccurs
    var nillable: Bool
    var documentation: String?
}

/// A content model particle.
indirect enum XSDParticle: Sendable, Hashable {
    case element(XSDElement)
    case elementReference(XMLName, XSDOccurs)
    case sequence([XSDParticle], XSDOccurs)
    case choice([XSDParticle], XSDOccurs)
    case all([XSDParticle], XSDOccurs)
    case groupReference(XMLName, XSDOccurs)
    case any(XSDOccurs)
}

/// An attribute declaration.
struct XSDAttribute: Sendable, Hashable {
    var name: XMLName
    var type: XSDType?
    var required: Bool
}

/// A complex type: content particles, attributes, and an optional base it extends.
struct XSDComplexType: Sendable, Hashable {
    var name: XMLName?
    var particle: XSDParticle?
    var attributes: [XSDAttribute] = []
    var attributeGroups: [XMLName] = []
    /// The complexContent extension base; its content comes first.
    var base: XMLName?
    /// The simpleContent base: the element holds a value of this type plus the attributes.
    var simpleContent: XSDType?
    var documentation: String?
}

/// A simple type: a restriction of a base with optional enumeration, or a list or union (read as strings).
struct XSDSimpleType: Sendable, Hashable {
    var name: XMLName?
    var base: XMLName?
    var enumeration: [String] = []
    var isList = false
}

/// Every schema component read from a WSDL's types and the schemas they import or include.
struct XSDSchemaSet: Sendable {
    static let namespace = "http://www.w3.org/2001/XMLSchema"
    static let instanceNamespace = "http://www.w3.org/2001/XMLSchema-instance"

    var elements: [XMLName: XSDElement] = [:]
    var complexTypes: [XMLName: XSDComplexType] = [:]
    var simpleTypes: [XMLName: XSDSimpleType] = [:]
    var groups: [XMLName: XSDParticle] = [:]
    var attributeGroups: [XMLName: [XSDAttribute]] = [:]
}

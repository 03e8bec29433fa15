/// Why a document was not parsed: bad syntax, a forbidden DTD or entity, or a limit.
public struct XMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure, for callers that map it to their own errors.
    public struct Kind: RawRepresentable, Sendable, Hashable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The text is not well-formed XML.
        public static let syntax = Kind(rawValue: "syntax")
        /// The document has a DOCTYPE declaring entities (XXE or entity-expansion attempts).
        public static let entityDeclaration = Kind(rawValue: "entity_declaration")
        /// The document has a DOCTYPE; DTDs are refused.
        public static let doctype = Kind(rawValue: "doctype")
        /// The document refers to an entity that is not one of the five predefined ones.
        public static let undeclaredEntity = Kind(rawValue: "undeclared_entity")
        /// The document exceeds a size, depth, attribute or node limit.
        public static let limit = Kind(rawValue: "limit")
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// What is wrong, as a sentence.
    public var reason: String
    /// The 1-based line where it was found, 0 when unknown.
    public var line: Int

    public init(_ kind: Kind, _ reason: String, line: Int = 0) {
        self.kind = kind
        self.reason = reason
        self.line = line
    }

    /// Whether the document was refused for safety (DTD, entity, limit) rather than for a syntax error.
    public var isSecurityRefusal: Bool { kind != .syntax }

    /// The reason with its line.
    public var description: String { line > 0 ? "\(reason) (line \(line))" : reason }
}

/// Bounds on what `XMLTreeParser` accepts, so a hostile document cannot exhaust memory or the stack.
public struct XMLParseLimits: Sendable, Hashable {
    /// Bytes the document may have.
    public var maxBytes: Int
    /// Element nesting depth.
    public var maxDepth: Int
    /// Attributes on one element, namespace declarations included.
    public var maxAttributes: Int
    /// Elements, text runs, comments and processing instructions in the whole document.
    public var maxNodes: Int

    public init(maxBytes: Int = 16 << 20, maxDepth: Int = 100, maxAttributes: Int = 256, maxNodes: Int = 1_000_000) {
        self.maxBytes = maxBytes
        self.maxDepth = maxDepth
        self.maxAttributes = maxAttributes
        self.maxNodes = maxNodes
    }
}

import PlugboardCore

/// The operations a GraphQL document defines, read far enough to know each one's type and name.
///
/// A light scan, not a full parse: comments, strings and block strings are skipped, selection sets and variable
/// definitions are balanced, and fragments are passed over. The service still validates the document itself.
struct GraphQLDocument {
    /// What an operation does.
    enum OperationType: String {
        case query, mutation, subscription
    }

    /// One operation definition.
    struct Operation: Equatable {
        var type: OperationType
        /// Nil for an anonymous operation.
        var name: String?
    }

    /// The operations in the order they are written.
    private(set) var operations: [Operation] = []

    /// Scans `text`; throws `invalid_input` on the `query` field for text that is not an executable document.
    init(_ text: String) throws(ConnectorError) {
        var tokens = GraphQLTokenizer(text)
        while let token = try tokens.next() {
            switch token {
            case .name(let keyword):
                if keyword == "fragment" {
                    try Self.skipDefinition(&tokens)
                    continue
                }
                guard let type = OperationType(rawValue: keyword) else {
                    throw .invalidInput(
                        "The document may hold only operations (query, mutation, subscription) and fragments, not '\(keyword)'.", field: "query")
                }
                var name: String?
                var next = try tokens.next()
                if case .name(let value)? = next {
                    name = value
                    next = try tokens.next()
                }
                try Self.skipDefinition(&tokens, startingWith: next)
                operations.append(Operation(type: type, name: name))
            case .punctuator(UInt8(ascii: "{")):
                try Self.skipSelectionSet(&tokens)
                operations.append(Operation(type: .query, name: nil))
            default:
                throw .invalidInput("The document is not valid GraphQL: expected an operation or a fragment at the top level.", field: "query")
            }
        }
    }

    /// The operation a request runs: the one named `name`, or the only one when no name is given.
    func operation(named name: String?) throws(ConnectorError) -> Operation {
        if let name {
            guard let operation = operations.first(where: { $0.name == name }) else {
                let names = operations.compactMap(\.name)
                let known = names.isEmpty ? "it has no named operations" : "it has \(names.map { "'\($0)'" }.joined(separator: ", "))"
                throw .invalidInput("The document has no operation named '\(name)'; \(known).", field: "operationName")
            }
            return operation
        }
        guard let first = operations.first else {
            throw .invalidInput("The document holds no operation; write a query such as { __typename }.", field: "query")
        }
        guard operations.count == 1 else {
            let names = operations.map { $0.name.map { "'\($0)'" } ?? "(anonymous)" }.joined(separator: ", ")
            throw .invalidInput("The document has \(operations.count) operations (\(names)); set operationName to the one to run.", field: "operationName")
        }
        return first
    }

    /// Passes over variable definitions and directives up to the definition's selection set, then over the set.
    private static func skipDefinition(_ tokens: inout GraphQLTokenizer, startingWith first: GraphQLTokenizer.Token? = nil) throws(ConnectorError) {
        var parentheses = 0
        var token = first
        if token == nil { token = try tokens.next() }
        while let current = token {
            switch current {
            case .punctuator(UInt8(ascii: "(")): parentheses += 1
            case .punctuator(UInt8(ascii: ")")): parentheses -= 1
            case .punctuator(UInt8(ascii: "{")) where parentheses <= 0:
                try skipSelectionSet(&tokens)
                return
            default: break
            }
            token = try tokens.next()
        }
        throw .invalidInput("The document is not valid GraphQL: a definition has no selection set { ... }.", field: "query")
    }

    /// Passes over a selection set whose `{` was just read.
    private static func skipSelectionSet(_ tokens: inout GraphQLTokenizer) throws(ConnectorError) {
        var depth = 1
        while let token = try tokens.next() {
            if case .punctuator(UInt8(ascii: "{")) = token { depth += 1 }
            if case .punctuator(UInt8(ascii: "}")) = token { depth -= 1 }
            if depth == 0 { return }
        }
        throw .invalidInput("The document is not valid GraphQL: a '{' has no matching '}'.", field: "query")
    }
}
